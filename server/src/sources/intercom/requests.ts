/**
 * Every request the companion sends to Intercom, in one place, each with its source. [doc] is documented,
 * [inferred] is not and must be checked against a real workspace. Sources: the admin endpoints in
 * https://github.com/intercom/Intercom-OpenAPI/tree/main/descriptions, versions and regional hosts
 * in https://developers.intercom.com/building-apps/docs/rest-apis, OAuth in
 * https://developers.intercom.com/building-apps/docs/setting-up-oauth.
 */
import type { HttpRequest } from '../../lib/http-client';

/**
 * [doc] pin the version explicitly ("By default, it's equal to the version set in the app
 * package", which the app owner can change under us). 2.16 because the admin schema was read from
 * the 2.16 OpenAPI and 2.16 adds `admin.role` (mapped to the directory's role); `id`, `name`, `email`
 * and the flags are unchanged since 2.x, so nothing we read differs from the 2.11 Airbyte and Nango pin.
 */
export const INTERCOM_VERSION = '2.16';

/** [doc] the consent page (ueberauth_intercom and Intercom's "Using OAuth" use this URL). */
export const AUTHORIZE_URL = 'https://app.intercom.com/oauth';
/** [doc] the code exchange lives on api.intercom.io; [inferred] for workspaces of every region. */
export const TOKEN_BASE_URL = 'https://api.intercom.io';

function apiHeaders(token: string, version: string): Record<string, string> {
  return { Authorization: `Bearer ${token}`, Accept: 'application/json', 'Intercom-Version': version };
}

/** [doc] `GET /admins`, the whole list in one response; no paging parameters exist. */
export function listAdminsRequest(baseUrl: string, token: string, version: string): HttpRequest {
  return { method: 'GET', url: `${baseUrl}/admins`, headers: apiHeaders(token, version) };
}

/** [doc] v1.x: "may also have a `pages` object"; followed defensively. */
export function nextPageRequest(nextUrl: string, token: string, version: string): HttpRequest {
  return { method: 'GET', url: nextUrl, headers: apiHeaders(token, version) };
}

/** [doc] `GET /admins/{id}`; 404 `admin_not_found` once the teammate is removed. */
export function adminRequest(baseUrl: string, token: string, version: string, id: string): HttpRequest {
  return {
    method: 'GET',
    url: `${baseUrl}/admins/${encodeURIComponent(id)}`,
    headers: apiHeaders(token, version),
  };
}

/** [doc] `GET /me`, the installing admin and `app.region`. */
export function meRequest(baseUrl: string, token: string, version: string): HttpRequest {
  return { method: 'GET', url: `${baseUrl}/me`, headers: apiHeaders(token, version) };
}

/**
 * [doc] `https://app.intercom.com/oauth?client_id=…&state=…[&redirect_uri=…]`; scopes are set on
 * the app, so none are sent.
 */
export function authorizeUrl(
  base: string,
  p: { clientId: string; redirectUri: string; state: string },
): string {
  const q = new URLSearchParams({ client_id: p.clientId, state: p.state, redirect_uri: p.redirectUri });
  return `${base}?${q.toString()}`;
}

/**
 * [doc] `POST /auth/eagle/token` with `code`, `client_id`, `client_secret`.
 * [inferred] sent form-encoded, the usual OAuth token-request encoding.
 */
export function tokenExchangeRequest(
  baseUrl: string,
  p: { code: string; clientId: string; clientSecret: string },
): HttpRequest {
  return {
    method: 'POST',
    url: `${baseUrl}/auth/eagle/token`,
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
    body: new URLSearchParams({
      code: p.code,
      client_id: p.clientId,
      client_secret: p.clientSecret,
    }).toString(),
  };
}
