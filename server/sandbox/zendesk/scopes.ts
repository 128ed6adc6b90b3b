/**
 * What an OAuth token's scope lets it call
 * (https://developer.zendesk.com/api-reference/ticketing/oauth/oauth_tokens/#scopes). A scope is a
 * space-separated list: `read` (GET endpoints), `write` (POST, PUT, PATCH, DELETE), `impersonate`,
 * and `resource:read` / `resource:write`, where a resource without an access level means both and an
 * access level without a resource means every resource. A token issued with a scope Zendesk does not
 * know is refused on every request ("Forbidden").
 *
 * Chosen here: `/users` and `/deleted_users` belong to the `users` resource; `/custom_roles` to no
 * resource scope (only `read` / `write` reach it); the 403 names the narrowest scope that would do.
 */
import { NextFunction, Request, Response } from 'express';
import { forbiddenScope } from './replies';

/** Documented resource scopes; `auditlogs` is read-only. */
const RESOURCES = new Set([
  'tickets',
  'users',
  'auditlogs',
  'organizations',
  'hc',
  'apps',
  'triggers',
  'automations',
  'targets',
  'webhooks',
  'macros',
  'requests',
  'satisfaction_ratings',
  'dynamic_content',
  'zis',
]);
const BROAD = new Set(['read', 'write', 'impersonate']);

export type Access = 'read' | 'write';

/** Every scope item is one Zendesk knows. */
export function isKnownScope(scope: string): boolean {
  return scopeItems(scope).every((item) => {
    if (BROAD.has(item)) return true;
    const [resource, access, extra] = item.split(':');
    if (extra !== undefined || !RESOURCES.has(resource)) return false;
    return access === undefined || access === 'read' || (access === 'write' && resource !== 'auditlogs');
  });
}

const scopeItems = (scope: string): string[] => scope.split(/\s+/).filter(Boolean);

export const accessOf = (method: string): Access =>
  method === 'GET' || method === 'HEAD' ? 'read' : 'write';

/** The resource scope an /api/v2 path belongs to, if any. */
export function resourceOf(path: string): string | undefined {
  const first = /^\/([a-z_]+?)(?:\.json)?(?:\/|$)/.exec(path)?.[1];
  if (first === 'users' || first === 'deleted_users') return 'users';
  return undefined;
}

/** The scope a request needs and lacks, or undefined when `scope` allows it. */
export function missingScope(
  scope: string,
  access: Access,
  resource: string | undefined,
): string | undefined {
  const items = new Set(scopeItems(scope));
  if (items.has(access)) return undefined;
  if (resource && (items.has(resource) || items.has(`${resource}:${access}`))) return undefined;
  return resource ? `${resource}:${access}` : access;
}

/** After authentication: bearer tokens carry `res.locals.scope`; API-token requests carry none. */
export function requireScope() {
  return (req: Request, res: Response, next: NextFunction): void => {
    const scope = res.locals.scope as string | undefined;
    if (scope === undefined) return next();
    const access = accessOf(req.method);
    const resource = resourceOf(req.path);
    const missing = isKnownScope(scope) ? missingScope(scope, access, resource) : scope;
    if (missing === undefined) return next();
    forbiddenScope(res, missing);
  };
}
