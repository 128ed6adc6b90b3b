/**
 * The connect link: the only way into `/oauth/{provider}/start`. The LWC never calls the companion
 * (docs/architecture.md); it publishes a CONNECT command, and the companion writes a link to the
 * settings record:
 *
 *   ${PUBLIC_URL}/oauth/zendesk/start?subdomain=acme&expires=1795000000&nonce=…&sig=…
 *   ${PUBLIC_URL}/oauth/intercom/start?expires=1795000000&nonce=…&sig=…
 *
 * `sig` is HMAC-SHA256 over the provider, the Zendesk subdomain, the expiry (epoch seconds) and a
 * random nonce that makes every link unique, so that each can be used once (link-use.ts). Without
 * it anyone who can reach the companion could start a flow, and a flow started by someone else for
 * their own Zendesk account would end with the companion holding that account's tokens.
 *
 * The HMAC key is derived from TOKEN_ENCRYPTION_KEY with HKDF under its own label: one secret to
 * manage, but the sealing key itself never signs anything, and a signature says nothing about it.
 */
import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { SealingKey } from '../lib/crypto-box';
import type { ErrorCode } from '../lib/errors';
import { err, ok, type Result } from '../lib/result';
import { parseSubdomain, type ZendeskSubdomain } from '../sources/zendesk/subdomain';
import type { Provider } from './types';

/** How long a link opens a flow: long enough to switch to the tab, short enough to be worthless later. */
export const LINK_TTL_MS = 10 * 60_000;
const LINK_KEY_LABEL = 'user-sync/connect-link/v1';
const SIG_PATTERN = /^[A-Za-z0-9_-]{43}$/; // 32 bytes, base64url, unpadded
const EXPIRES_PATTERN = /^\d{1,12}$/;
const NONCE_PATTERN = /^[A-Za-z0-9_-]{22}$/; // 16 bytes, base64url, unpadded
// A valid signature on an expiry further out than this was not made by this code: refuse it.
const MAX_AHEAD_MS = LINK_TTL_MS + 60_000;

declare const linkKeyBrand: unique symbol;
/** The HMAC key for connect links; only deriveLinkKey makes one. */
export type LinkKey = Buffer & { readonly [linkKeyBrand]: true };

export function deriveLinkKey(key: SealingKey): LinkKey {
  return Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), LINK_KEY_LABEL, 32)) as LinkKey;
}

export interface LinkClaims {
  provider: Provider;
  /** Zendesk only: the account the flow may be started for. */
  subdomain?: ZendeskSubdomain;
  /** Epoch seconds: the query carries whole seconds, so the claims do too. */
  expires: number;
  /** Random, base64url: tells two links issued in the same second apart. */
  nonce: string;
  /** Zendesk: 'write' when the admin allowed pushing (the flow then asks for `read write`). */
  access?: 'write';
}

/** One field per line after a version: no field can hold a newline, so no two claims sign alike. */
function signatureOf(key: LinkKey, c: LinkClaims): Buffer {
  const text = ['v1', c.provider, c.subdomain ?? '', String(c.expires), c.nonce, c.access ?? 'read'].join(
    '\n',
  );
  return createHmac('sha256', key).update(text, 'utf8').digest();
}

/** When a link was issued, from its expiry (to the second). */
export const issuedAtMs = (claims: LinkClaims): number => claims.expires * 1000 - LINK_TTL_MS;

/** The claims of a link issued at `nowMs`. */
export function linkClaims(
  provider: Provider,
  nowMs: number,
  subdomain?: ZendeskSubdomain,
  access?: 'write',
): LinkClaims {
  return {
    provider,
    ...(subdomain === undefined ? {} : { subdomain }),
    expires: Math.floor((nowMs + LINK_TTL_MS) / 1000),
    nonce: randomBytes(16).toString('base64url'),
    ...(access && { access }),
  };
}

export function connectLink(publicUrl: string, key: LinkKey, claims: LinkClaims): string {
  const q = new URLSearchParams();
  if (claims.subdomain !== undefined) q.set('subdomain', claims.subdomain);
  q.set('expires', String(claims.expires));
  q.set('nonce', claims.nonce);
  if (claims.access) q.set('access', claims.access);
  q.set('sig', signatureOf(key, claims).toString('base64url'));
  return `${publicUrl.replace(/\/+$/, '')}/oauth/${claims.provider}/start?${q.toString()}`;
}

export interface LinkFailure {
  code: ErrorCode;
  detail?: string;
}

// Repeated parameters arrive as arrays and fail here, like any other altered link.
const linkQuery = z.object({
  subdomain: z.string().optional(),
  expires: z.string().optional(),
  nonce: z.string().optional(),
  access: z.literal('write').optional(),
  sig: z.string().optional(),
});

/**
 * Checks a start request's query for `provider`: present, well formed, signed by us for this provider
 * and subdomain (compared in constant time), and not expired, in that order. The signature is
 * checked before the expiry so an altered expiry reads as what it is.
 */
export function verifyLink(
  query: unknown,
  provider: Provider,
  key: LinkKey,
  nowMs: number,
): Result<LinkClaims, LinkFailure> {
  const q = linkQuery.safeParse(query);
  if (!q.success) return err({ code: 'OAUTH_LINK_INVALID' });
  const { subdomain: rawSubdomain, expires, nonce, sig, access } = q.data;
  if (expires === undefined || sig === undefined) return err({ code: 'OAUTH_LINK_MISSING' });
  if (!EXPIRES_PATTERN.test(expires) || !SIG_PATTERN.test(sig) || !NONCE_PATTERN.test(nonce ?? ''))
    return err({ code: 'OAUTH_LINK_INVALID' });

  let subdomain: ZendeskSubdomain | undefined;
  if (provider === 'zendesk') {
    const parsed = parseSubdomain(rawSubdomain);
    if (!parsed.ok) return err({ code: 'ZENDESK_SUBDOMAIN_INVALID', detail: parsed.error });
    subdomain = parsed.value;
  } else if (rawSubdomain !== undefined || access !== undefined) return err({ code: 'OAUTH_LINK_INVALID' });

  const claims: LinkClaims = {
    provider,
    ...(subdomain ? { subdomain } : {}),
    expires: Number(expires),
    nonce: nonce!,
    ...(access && { access }),
  };
  // Compared as text, so only the canonical encoding passes: base64url's last character carries two
  // spare bits, and decoding first would let four spellings of one signature through.
  const given = Buffer.from(sig, 'ascii');
  const expected = Buffer.from(signatureOf(key, claims).toString('base64url'), 'ascii');
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return err({ code: 'OAUTH_LINK_INVALID' });
  const expiresMs = claims.expires * 1000;
  if (nowMs >= expiresMs) return err({ code: 'OAUTH_LINK_EXPIRED' });
  if (expiresMs - nowMs > MAX_AHEAD_MS) return err({ code: 'OAUTH_LINK_INVALID' });
  return ok(claims);
}
