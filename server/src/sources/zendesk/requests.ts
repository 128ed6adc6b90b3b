/**
 * Every request the companion sends to Zendesk, in one place, each with its source. [doc] is documented by
 * Zendesk (https://developer.zendesk.com/api-reference/ticketing/users/users/,
 * https://developer.zendesk.com/api-reference/introduction/pagination/,
 * https://developer.zendesk.com/api-reference/ticketing/oauth/grant_type_tokens/), [inferred] is
 * not and must be checked on a real account.
 */
import type { HttpRequest } from '../../lib/http-client';

/** [doc] "Returns a maximum of 100 records per page." */
export const PAGE_SIZE = 100;

const ACCEPT_JSON = { Accept: 'application/json' };

// ---- users ------------------------------------------------------------------------------------------

/**
 * [doc] First page of `GET /api/v2/users` with cursor pagination: `page[size]=100` (never the
 * offset `page=`, which answers 400 past 10,000 records), `include_boundary_indicators=true` (the
 * users reference says `meta.has_more` comes only then), and the roles as repeated `role[]` (an
 * object that serialises to `role=agent,admin` is not the documented form). [doc] `permission_set`
 * takes one custom role id per request. Later pages follow `links.next` as Zendesk wrote it, until
 * `has_more` is false (team-users.ts, nextPage).
 */
export function listUsersUrl(
  baseUrl: string,
  filter: { roles: readonly string[] } | { permissionSet: number },
): string {
  const q = new URLSearchParams();
  if ('roles' in filter) for (const role of filter.roles) q.append('role[]', role);
  else q.set('permission_set', String(filter.permissionSet));
  q.set('page[size]', String(PAGE_SIZE));
  q.set('include_boundary_indicators', 'true');
  return `${baseUrl}/api/v2/users?${q.toString()}`;
}

/** [doc] the page after `afterCursor`, for a response that says has_more without a next link. */
export function withAfterCursor(url: string, afterCursor: string): string {
  const u = new URL(url);
  u.searchParams.delete('page[before]');
  u.searchParams.set('page[after]', afterCursor);
  return u.toString();
}

export function getRequest(url: string, authorization: string): HttpRequest {
  return { method: 'GET', url, headers: { ...ACCEPT_JSON, Authorization: authorization } };
}

/**
 * [doc] `GET /api/v2/custom_roles` (Enterprise), one unpaginated list
 * (https://developer.zendesk.com/api-reference/ticketing/account-configuration/custom_roles/).
 */
export const customRolesUrl = (baseUrl: string): string => `${baseUrl}/api/v2/custom_roles`;

// ---- authentication ---------------------------------------------------------------------------------

/** [doc] API token: `Authorization: Basic base64("{email}/token:{api_token}")`. */
export const apiTokenAuthorization = (email: string, token: string): string =>
  `Basic ${Buffer.from(`${email}/token:${token}`, 'utf8').toString('base64')}`;

export const bearerAuthorization = (accessToken: string): string => `Bearer ${accessToken}`;

/**
 * [doc] `https://{subdomain}.zendesk.com/oauth/authorizations/new?response_type=code&client_id=…
 * &redirect_uri=…&scope=…&state=…`, PKCE `code_challenge` + `code_challenge_method=S256` (optional at
 * Zendesk, always sent here).
 */
export function authorizeUrlFor(
  baseUrl: string,
  p: { clientId: string; redirectUri: string; scope: string; state: string; codeChallenge: string },
): string {
  const q = new URLSearchParams({
    response_type: 'code',
    client_id: p.clientId,
    redirect_uri: p.redirectUri,
    scope: p.scope,
    state: p.state,
    code_challenge: p.codeChallenge,
    code_challenge_method: 'S256',
  });
  return `${baseUrl}/oauth/authorizations/new?${q.toString()}`;
}

function tokenRequest(baseUrl: string, body: Record<string, string>): HttpRequest {
  return {
    method: 'POST',
    url: `${baseUrl}/oauth/tokens`,
    headers: { 'Content-Type': 'application/json', ...ACCEPT_JSON },
    body: JSON.stringify(body),
  };
}

/**
 * [doc] `POST /oauth/tokens`, JSON body: grant_type=authorization_code, code (valid 120 s),
 * client_id, client_secret, redirect_uri, code_verifier, scope.
 */
export function codeExchangeRequest(
  baseUrl: string,
  p: {
    clientId: string;
    clientSecret: string;
    redirectUri: string;
    code: string;
    codeVerifier: string;
    scope: string;
  },
): HttpRequest {
  return tokenRequest(baseUrl, {
    grant_type: 'authorization_code',
    code: p.code,
    client_id: p.clientId,
    client_secret: p.clientSecret,
    redirect_uri: p.redirectUri,
    code_verifier: p.codeVerifier,
    scope: p.scope,
  });
}

/**
 * [doc] `POST /oauth/tokens` grant_type=refresh_token. The answer carries a NEW refresh token and
 * Zendesk deletes the previous access and refresh tokens at once: the caller must persist the new
 * pair before anything else (token-source.ts).
 */
export function refreshRequest(
  baseUrl: string,
  p: { clientId: string; clientSecret: string; refreshToken: string },
): HttpRequest {
  return tokenRequest(baseUrl, {
    grant_type: 'refresh_token',
    refresh_token: p.refreshToken,
    client_id: p.clientId,
    client_secret: p.clientSecret,
  });
}
