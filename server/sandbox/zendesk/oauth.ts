/**
 * `GET /oauth/authorizations/new` and `POST /oauth/tokens`
 * (https://developer.zendesk.com/api-reference/ticketing/oauth/grant_type_tokens/ and
 * https://support.zendesk.com/hc/en-us/articles/203663836).
 *
 * Documented: the authorize parameters (response_type=code, client_id, redirect_uri, scope, state,
 * optional PKCE code_challenge with code_challenge_method=S256); the grants `authorization_code`,
 * `refresh_token` and `client_credentials` (confidential clients); the token body fields
 * (grant_type, code, client_id, client_secret, redirect_uri, scope, code_verifier, expires_in,
 * refresh_token_expires_in) and their bounds; codes valid 120 s; refresh rotation deleting the old
 * pair; the password grant deprecated.
 * Chosen here: the sandbox approves at once (no login page), or, with `consent`, shows a page
 * naming the client and the scopes with Allow and Deny (a POST back to the same path; Deny returns
 * `error=access_denied`, RFC 6749 section 4.1.2.1); the password grant is refused as
 * unsupported; client_credentials tokens come without a refresh token (RFC 6749 section 4.4.3) and need a
 * scope; RFC 6749 error codes and statuses (400 invalid_request / invalid_grant /
 * unsupported_grant_type, 401 invalid_client); a bad client or redirect_uri answered on the page,
 * never redirected (RFC 6749 section 4.1.2.1); `token_type: "bearer"`; form-encoded bodies are accepted as
 * well as JSON.
 */
import { timingSafeEqual } from 'node:crypto';
import { Request, Response } from 'express';
import { z } from 'zod';
import { oauthError } from './replies';
import { Account } from './state';
import { IssuedPair, s256 } from './tokens';

const authorizeQuery = z.object({
  response_type: z.string().optional(),
  client_id: z.string().min(1),
  redirect_uri: z.string().min(1),
  scope: z.string().optional(),
  state: z.string().optional(),
  code_challenge: z.string().optional(),
  code_challenge_method: z.string().optional(),
});

function errorPage(res: Response, message: string): void {
  res.status(400).type('html').send(`<html><body><h1>OAuth error</h1><p>${message}</p></body></html>`);
}

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );

/** The consent page: the request's parameters go back in hidden fields with the admin's decision. */
function consentPage(res: Response, subdomain: string, params: Record<string, string | undefined>): void {
  const hidden = Object.entries(params)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(String(v))}">`)
    .join('');
  res.type('html').send(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Allow access | Zendesk</title></head>
<body><main>
<h1>Allow ${escapeHtml(String(params.client_id))} to access ${escapeHtml(subdomain)}.zendesk.com?</h1>
<p>It asks for: ${escapeHtml(String(params.scope ?? ''))}</p>
<form method="post" action="/oauth/authorizations/new">${hidden}
<button type="submit" name="decision" value="allow">Allow</button>
<button type="submit" name="decision" value="deny">Deny</button>
</form></main></body></html>`);
}

export function authorizeHandler(account: Account, consent?: { subdomain: string }) {
  return (req: Request, res: Response): void => {
    account.counters.oauth += 1;
    const input = (req.method === 'POST' ? req.body : req.query) as Record<string, string | undefined>;
    const parsed = authorizeQuery.safeParse(input);
    if (!parsed.success) return errorPage(res, 'client_id and redirect_uri are required');
    const q = parsed.data;
    const client = account.oauth.client(q.client_id);
    if (!client) return errorPage(res, 'invalid_client: unknown client');
    if (!client.redirectUris.includes(q.redirect_uri))
      return errorPage(res, 'invalid_redirect_uri: the redirect URI is not registered for this client');

    const back = (params: Record<string, string>) => {
      const target = new URL(q.redirect_uri);
      for (const [k, v] of Object.entries(params)) target.searchParams.set(k, v);
      if (q.state !== undefined) target.searchParams.set('state', q.state);
      res.redirect(302, target.toString());
    };
    if (q.response_type !== 'code')
      return back({ error: 'unsupported_response_type', error_description: 'response_type must be code' });
    if (!q.scope?.trim()) return back({ error: 'invalid_scope', error_description: 'scope is required' });
    if (q.code_challenge !== undefined && q.code_challenge_method !== 'S256')
      return back({ error: 'invalid_request', error_description: 'code_challenge_method must be S256' });
    if (consent && req.method !== 'POST') return consentPage(res, consent.subdomain, q);
    if (consent && input.decision !== 'allow')
      return back({ error: 'access_denied', error_description: 'The end-user denied the request.' });
    const code = account.oauth.issueCode({
      clientId: client.clientId,
      redirectUri: q.redirect_uri,
      scope: q.scope.trim(),
      codeChallenge: q.code_challenge,
    });
    back({ code });
  };
}

const lifetimes = z.object({
  // "more than 300 seconds ... and less than 172,800 seconds"
  expires_in: z.coerce.number().int().gt(300).lt(172_800).optional(),
  // "more than 604,800 seconds ... less than 7,776,000 seconds"
  refresh_token_expires_in: z.coerce.number().int().gt(604_800).lt(7_776_000).optional(),
});

const tokenBody = z.discriminatedUnion('grant_type', [
  lifetimes.extend({
    grant_type: z.literal('authorization_code'),
    code: z.string().min(1),
    client_id: z.string().min(1),
    client_secret: z.string().min(1),
    redirect_uri: z.string().min(1),
    code_verifier: z.string().optional(),
    scope: z.string().optional(),
  }),
  lifetimes.extend({
    grant_type: z.literal('client_credentials'),
    client_id: z.string().min(1),
    client_secret: z.string().min(1),
    scope: z.string().trim().min(1),
  }),
  lifetimes.extend({
    grant_type: z.literal('refresh_token'),
    refresh_token: z.string().min(1),
    client_id: z.string().min(1),
    client_secret: z.string().min(1),
    scope: z.string().optional(),
  }),
]);

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function sendPair(res: Response, pair: IssuedPair): void {
  res.set('Cache-Control', 'no-store').json({
    access_token: pair.accessToken,
    refresh_token: pair.refreshToken,
    token_type: 'bearer',
    scope: pair.scope,
    expires_in: pair.expiresIn,
    refresh_token_expires_in: pair.refreshExpiresIn,
  });
}

/** The grants /oauth/tokens serves; the deprecated `password` grant is not one of them here. */
const GRANT_TYPES = new Set(['authorization_code', 'refresh_token', 'client_credentials']);

const INVALID_GRANT =
  'The provided authorization grant is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client.';

export function tokenHandler(account: Account) {
  return (req: Request, res: Response): void => {
    account.counters.oauth += 1;
    const body = (req.body ?? {}) as Record<string, unknown>;
    if (!GRANT_TYPES.has(String(body.grant_type)))
      return oauthError(res, 400, 'unsupported_grant_type', 'grant_type is not supported');
    const parsed = tokenBody.safeParse(body);
    if (!parsed.success)
      return oauthError(
        res,
        400,
        'invalid_request',
        parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
      );
    const b = parsed.data;
    const client = account.oauth.client(b.client_id);
    if (!client || !sameSecret(b.client_secret, client.clientSecret))
      return oauthError(res, 401, 'invalid_client', 'Client authentication failed.');
    const ttl = { accessSeconds: b.expires_in, refreshSeconds: b.refresh_token_expires_in };

    if (b.grant_type === 'client_credentials') {
      const accessToken = account.oauth.issueAccess(b.scope, b.expires_in);
      const expiresIn = b.expires_in ?? account.oauth.accessLifetimeSeconds;
      res.set('Cache-Control', 'no-store').json({
        access_token: accessToken,
        token_type: 'bearer',
        scope: b.scope,
        expires_in: expiresIn,
      });
      return;
    }
    if (b.grant_type === 'refresh_token') {
      const pair = account.oauth.rotate(b.refresh_token, client.clientId, ttl);
      if (!pair) return oauthError(res, 400, 'invalid_grant', INVALID_GRANT);
      return sendPair(res, pair);
    }
    const pending = account.oauth.redeemCode(b.code);
    if (!pending || pending.clientId !== client.clientId || pending.redirectUri !== b.redirect_uri)
      return oauthError(res, 400, 'invalid_grant', INVALID_GRANT);
    // RFC 7636 section 4.6: a code bound to a challenge needs the matching verifier.
    if (pending.codeChallenge !== undefined) {
      if (b.code_verifier === undefined || !sameSecret(s256(b.code_verifier), pending.codeChallenge))
        return oauthError(res, 400, 'invalid_grant', 'The code_verifier does not match the code_challenge.');
    }
    sendPair(res, account.oauth.issuePair(client.clientId, pending.scope, ttl));
  };
}
