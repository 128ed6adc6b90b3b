/**
 * Reading Zendesk's answers: zod at the edge, pure functions returning Results, so every shape (HTML
 * error pages, edge-protection bodies, malformed users) is tested without a server. Field names and
 * meanings: https://developer.zendesk.com/api-reference/ticketing/users/users/ (listing envelope and
 * Users JSON), https://developer.zendesk.com/api-reference/ticketing/oauth/grant_type_tokens/ (token
 * response), https://developer.zendesk.com/api-reference/introduction/rate-limits/ (errors).
 */
import { z } from 'zod';
import type { HttpResponse } from '../../lib/http-client';
import { err, ok, type Result } from '../../lib/result';
import { failure, type ZendeskFailure } from './errors';
import type { CustomRole, InvalidUserRecord, TokenPair, ZendeskTeamUser } from './types';

const zendeskId = z.number().int().positive().refine(Number.isSafeInteger, 'id beyond 2^53');

const userSchema = z.object({
  id: zendeskId,
  name: z.string(),
  email: z.string().nullable().optional(),
  role: z.enum(['end-user', 'agent', 'admin']),
  role_type: z.number().int().nullable().optional(),
  custom_role_id: zendeskId.nullable().optional(),
  active: z.boolean(),
  suspended: z.boolean(),
  external_id: z.union([z.string(), z.number()]).nullable().optional(),
  created_at: z.string(),
  updated_at: z.string(),
});

export type ParsedUser = Omit<ZendeskTeamUser, 'role'> & { role: 'end-user' | 'agent' | 'admin' };

/** One user record, or why it cannot be read (the id when it has one, for the per-record error). */
export function parseUserRecord(raw: unknown): Result<ParsedUser, InvalidUserRecord> {
  const parsed = userSchema.safeParse(raw);
  if (!parsed.success) {
    const id = zendeskId.safeParse((raw as { id?: unknown } | null)?.id);
    const reason = parsed.error.issues
      .slice(0, 3)
      .map((i) => `${i.path.join('.') || 'record'}: ${i.message}`)
      .join('; ');
    return err({ ...(id.success ? { id: id.data } : {}), reason: `unreadable user record (${reason})` });
  }
  const u = parsed.data;
  return ok({
    id: u.id,
    name: u.name,
    email: u.email ?? null,
    role: u.role,
    roleType: u.role_type ?? null,
    customRoleId: u.custom_role_id ?? null,
    active: u.active,
    suspended: u.suspended,
    externalId: u.external_id == null ? null : String(u.external_id),
    createdAt: u.created_at,
    updatedAt: u.updated_at,
  });
}

/** JSON, or a failure saying what came instead (proxies send HTML pages with 200 or 5xx). */
export function json(res: HttpResponse): Result<unknown, ZendeskFailure> {
  try {
    return ok(JSON.parse(res.body) as unknown);
  } catch {
    const title = /<title>([^<]{0,80})<\/title>/i.exec(res.body)?.[1];
    const what = /^\s*</.test(res.body)
      ? `an HTML page${title ? ` ("${title}")` : ''}`
      : 'a body that is not JSON';
    return err(
      failure('ZENDESK_BAD_RESPONSE', `${what} instead of JSON (HTTP ${res.status})`, { status: res.status }),
    );
  }
}

/** A short, secret-free description of an error body: Zendesk `{error, description}`, OAuth, edge. */
function describe(body: unknown): string {
  if (typeof body !== 'object' || body === null) return '';
  const b = body as Record<string, unknown>;
  const parts = [b.error, b.error_description ?? b.description, b.title, b.detail].filter(
    (p): p is string => typeof p === 'string' && p !== '',
  );
  return parts.join(': ').slice(0, 200);
}

/** The failure a non-2xx answer stands for. 429/5xx only get here once HttpClient gave up retrying. */
export function failureOf(res: HttpResponse): ZendeskFailure {
  const body = json(res);
  const detail = `HTTP ${res.status}${body.ok && describe(body.value) ? ` ${describe(body.value)}` : ''}`;
  if (res.status === 401) return failure('ZENDESK_AUTH_FAILED', detail, { status: 401 });
  if (res.status === 429) return failure('ZENDESK_RATE_LIMITED', detail, { retryable: true, status: 429 });
  if (res.status >= 500)
    return failure('ZENDESK_UNAVAILABLE', detail, { retryable: true, status: res.status });
  return failure('ZENDESK_REQUEST_REJECTED', detail, { status: res.status });
}

const usersPageSchema = z.object({
  users: z.array(z.unknown()),
  meta: z
    .object({
      has_more: z.boolean().optional(),
      after_cursor: z.string().nullable().optional(),
    })
    .optional(),
  links: z.object({ next: z.string().nullable().optional() }).optional(),
});

export interface UsersPage {
  records: unknown[];
  next: string | null;
  hasMore?: boolean;
  afterCursor: string | null;
}

/** A cursor page of `GET /api/v2/users`: records still raw (each is parsed on its own). */
export function parseUsersPage(res: HttpResponse): Result<UsersPage, ZendeskFailure> {
  if (res.status < 200 || res.status >= 300) return err(failureOf(res));
  const body = json(res);
  if (!body.ok) return body;
  const page = usersPageSchema.safeParse(body.value);
  if (!page.success)
    return err(
      failure('ZENDESK_BAD_RESPONSE', `not a users page (${page.error.issues[0]?.message ?? 'invalid'})`),
    );
  return ok({
    records: page.data.users,
    next: page.data.links?.next ?? null,
    hasMore: page.data.meta?.has_more,
    afterCursor: page.data.meta?.after_cursor ?? null,
  });
}

const customRolesSchema = z.object({
  custom_roles: z.array(
    z.object({ id: zendeskId, name: z.string(), description: z.string().nullable().optional() }),
  ),
});

export function parseCustomRoles(res: HttpResponse): Result<CustomRole[], ZendeskFailure> {
  if (res.status < 200 || res.status >= 300) return err(failureOf(res));
  const body = json(res);
  if (!body.ok) return body;
  const parsed = customRolesSchema.safeParse(body.value);
  if (!parsed.success) return err(failure('ZENDESK_BAD_RESPONSE', 'not a custom_roles list'));
  return ok(
    parsed.data.custom_roles.map((r) => ({ id: r.id, name: r.name, description: r.description ?? null })),
  );
}

const tokenSchema = z.object({
  access_token: z.string().min(1),
  refresh_token: z.string().min(1),
  expires_in: z.number().positive(),
  refresh_token_expires_in: z.number().positive().optional(),
  scope: z.string().optional(),
});

/**
 * [doc] the token answer. A pair without a refresh token is refused: refresh tokens are the only
 * way to keep access without the admin (access tokens last 30 min).
 * An OAuth refusal (400 invalid_grant, 401 invalid_client) means the admin must authorize again.
 */
export function parseTokenResponse(res: HttpResponse, nowMs: number): Result<TokenPair, ZendeskFailure> {
  if (res.status === 400 || res.status === 401) {
    const body = json(res);
    return err(
      failure(
        'ZENDESK_AUTH_FAILED',
        `token request refused (HTTP ${res.status}${body.ok ? ` ${describe(body.value)}` : ''})`,
        {
          status: res.status,
        },
      ),
    );
  }
  if (res.status < 200 || res.status >= 300) return err(failureOf(res));
  const body = json(res);
  if (!body.ok) return body;
  const parsed = tokenSchema.safeParse(body.value);
  if (!parsed.success) return err(failure('ZENDESK_BAD_RESPONSE', 'not a token response'));
  const t = parsed.data;
  return ok({
    accessToken: t.access_token,
    refreshToken: t.refresh_token,
    expiresAtMs: nowMs + t.expires_in * 1000,
    ...(t.refresh_token_expires_in === undefined
      ? {}
      : { refreshExpiresAtMs: nowMs + t.refresh_token_expires_in * 1000 }),
    scope: t.scope ?? '',
  });
}
