/**
 * OAuth helpers for the companion's "Authenticate" button (the admin gives the subdomain, then
 * clicks "Allow" at Zendesk): the authorize URL, the code exchange and the refresh grant
 * (https://developer.zendesk.com/api-reference/ticketing/oauth/grant_type_tokens/). The subdomain
 * is validated before any URL is built; PKCE (S256) and `state` are always used.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { HttpClient } from '../../lib/http-client';
import { err, ok, type Result } from '../../lib/result';
import type { ZendeskFailure } from './errors';
import { authorizeUrlFor, codeExchangeRequest, refreshRequest } from './requests';
import { parseTokenResponse } from './responses';
import { parseSubdomain, zendeskBaseUrl } from './subdomain';
import { send } from './transport';
import type { TokenPair } from './types';

/** [doc] `read` covers GET endpoints; [inferred] enough for the pull (users, custom roles). */
export const DEFAULT_SCOPE = 'read';

/** RFC 7636: a 43-character verifier and its S256 challenge. */
export function createPkcePair(random: (n: number) => Buffer = randomBytes): {
  verifier: string;
  challenge: string;
} {
  const verifier = random(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

/**
 * The account's base URL: https://{subdomain}.zendesk.com, or `override` (a sandbox) once the
 * subdomain itself is valid.
 */
export function baseUrlFor(subdomain: string, override?: string): Result<string, string> {
  const s = parseSubdomain(subdomain);
  if (!s.ok) return s;
  return ok(override ? override.replace(/\/+$/, '') : zendeskBaseUrl(s.value));
}

export function authorizeUrl(p: {
  subdomain: string;
  clientId: string;
  redirectUri: string;
  state: string;
  codeChallenge: string;
  scope?: string;
  baseUrl?: string;
}): Result<string, string> {
  const base = baseUrlFor(p.subdomain, p.baseUrl);
  if (!base.ok) return base;
  if (!p.clientId || !p.redirectUri || !p.state || !p.codeChallenge)
    return err('clientId, redirectUri, state and codeChallenge are required');
  return ok(authorizeUrlFor(base.value, { ...p, scope: p.scope ?? DEFAULT_SCOPE }));
}

export interface OAuthClientCredentials {
  /** From baseUrlFor(). */
  baseUrl: string;
  clientId: string;
  clientSecret: string;
}

export async function exchangeCode(
  http: HttpClient,
  p: OAuthClientCredentials & { redirectUri: string; code: string; codeVerifier: string; scope?: string },
  now: () => number = Date.now,
): Promise<Result<TokenPair, ZendeskFailure>> {
  const res = await send(
    http,
    'exchange code',
    codeExchangeRequest(p.baseUrl, { ...p, scope: p.scope ?? DEFAULT_SCOPE }),
  );
  return parseTokenResponse(res, now());
}

export async function refreshTokens(
  http: HttpClient,
  p: OAuthClientCredentials & { refreshToken: string },
  now: () => number = Date.now,
): Promise<Result<TokenPair, ZendeskFailure>> {
  const res = await send(http, 'refresh token', refreshRequest(p.baseUrl, p));
  return parseTokenResponse(res, now());
}
