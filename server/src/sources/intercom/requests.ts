/**
 * Every request the companion sends to Intercom, in one place, each with its source. Section numbers
 * refer to ../shared/reference/zendesk-intercom-api.md; [doc] is documented, [inferred] is not and
 * must be checked against a real workspace.
 */
import type { HttpRequest } from '../../lib/http-client';

/**
 * [doc] §2.3: pin the version explicitly ("By default, it's equal to the version set in the app
 * package", which the app owner can change under us). 2.16 because §2.1's admin schema was read from
 * the 2.16 OpenAPI and 2.16 adds `admin.role` (mapped to the directory's role); `id`, `name`, `email`
 * and the flags are unchanged since 2.x, so nothing we read differs from the 2.11 Airbyte and Nango pin.
 */
export const INTERCOM_VERSION = '2.16';

/** [doc] §2.4: the consent page (ueberauth_intercom and Intercom's "Using OAuth" use this URL). */
export const AUTHORIZE_URL = 'https://app.intercom.com/oauth';
/** [doc] §2.4: the code exchange lives on api.intercom.io; [inferred] for workspaces of every region. */
export const TOKEN_BASE_URL = 'https://api.intercom.io';

function apiHeaders(token: string, version: string): Record<string, string> {
  return { Authorization: `Bearer ${token}`, Accept: 'application/json', 'Intercom-Version': version };
}

/** [doc] §2.1: `GET /admins`, the whole list in one response; no paging parameters exist. */
export function listAdminsRequest(baseUrl: string, token: string, version: string): HttpRequest {
  return { method: 'GET', url: `${baseUrl}/admins`, headers: apiHeaders(token, version) };
}

/** [doc] v1.x: "may also have a `pages` object"; §2.1 says follow `pages.next` defensively. */
export function nextPageRequest(nextUrl: string, token: string, version: string): HttpRequest {
  return { method: 'GET', url: nextUrl, headers: apiHeaders(token, version) };
}

/** [doc] §2.1: `GET /admins/{id}`; 404 `admin_not_found` once the teammate is removed (§2.2). */
export function adminRequest(baseUrl: string, token: string, version: string, id: string): HttpRequest {
  return {
    method: 'GET',
    url: `${baseUrl}/admins/${encodeURIComponent(id)}`,
    headers: apiHeaders(token, version),
  };
}

/** [doc] §2.1: `GET /me`, the installing admin and `app.region`. */
export function meRequest(baseUrl: string, token: string, version: string): HttpRequest {
  return { method: 'GET', url: `${baseUrl}/me`, headers: apiHeaders(token, version) };
}

/**
 * [doc] §2.4: `https://app.intercom.com/oauth?client_id=…&state=…[&redirect_uri=…]`; scopes are set on
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
 * [doc] §2.4: `POST /auth/eagle/token` with `code`, `client_id`, `client_secret`.
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
