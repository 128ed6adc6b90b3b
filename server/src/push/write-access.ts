/**
 * Whether a Zendesk OAuth scope lets a push write
 * (https://developer.zendesk.com/api-reference/ticketing/oauth/oauth_tokens/#scopes): `write` reaches
 * everything; `users:write` (or `users`) reaches user writes but, as far as the documentation says,
 * not the custom user fields a push creates for its custom attributes. The connect flow asks for
 * `read write` when the admin allowed pushing (connect/connect-link.ts).
 */
export const PUSH_SCOPE = 'read write';

export const WRITE_ACCESS_MISSING =
  'Zendesk is connected with read access only: reconnect Zendesk with write access (Push tab, Reconnect with write access). [PUSH_WRITE_ACCESS_MISSING]';

const items = (scope: string): Set<string> => new Set(scope.split(/\s+/).filter(Boolean));

/** True when `scope` lets a push write users, and create custom fields if it must. */
export function canPush(scope: string, mustCreateFields: boolean): boolean {
  const granted = items(scope);
  if (granted.has('write')) return true;
  if (mustCreateFields) return false;
  return granted.has('users:write') || granted.has('users');
}

/** A 403 of Zendesk that names a missing scope. */
export const isMissingScope = (message: string): boolean =>
  /missing the following required scopes/i.test(message);
