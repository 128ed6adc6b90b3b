/**
 * Binds an OAuth `state` to the browser that started the flow (RFC 6749 section 10.12, login CSRF). Without
 * it, someone could start a flow for their own account, stop at the callback URL and get an admin's
 * browser to open it: the companion would store the other account's tokens as the admin's.
 *
 * `start` puts a random nonce in a cookie and stores only its SHA-256 with the state; `callback`
 * accepts the state only from a browser whose cookie hashes to it, and clears the cookie either way.
 *
 * Cookie rules: HttpOnly (no script reads it), SameSite=Lax (the callback is a top-level GET
 * navigation coming from the provider's site: Lax cookies go with it, Strict ones would not), Secure
 * when the public URL is https, Path limited to /oauth/{provider} (no other page of the companion, and
 * not the other provider's flow, ever sees it), Max-Age the lifetime of the state itself.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Response } from 'express';
import type { Provider } from './types';

export const BINDING_COOKIE = 'user_sync_oauth';
const NONCE_BYTES = 32;
const NONCE_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export interface CookieRules {
  path: string;
  secure: boolean;
  maxAgeMs: number;
}

/** The cookie rules for a provider's flow, from the companion's public URL (its path prefix included). */
export function cookieRules(publicUrl: string, provider: Provider, maxAgeMs: number): CookieRules {
  const url = new URL(publicUrl);
  return {
    path: `${url.pathname.replace(/\/+$/, '')}/oauth/${provider}`,
    secure: url.protocol === 'https:',
    maxAgeMs,
  };
}

export const newNonce = (random: (n: number) => Buffer = randomBytes): string =>
  random(NONCE_BYTES).toString('base64url');

/** What the store keeps: a copied database gives no cookie value away. */
export const nonceHash = (nonce: string): string => createHash('sha256').update(nonce).digest('base64url');

/** Whether the cookie's nonce is the one the state was bound to; constant time. */
export function matchesBinding(nonce: string | undefined, storedHash: string | undefined): boolean {
  if (nonce === undefined || storedHash === undefined || !NONCE_PATTERN.test(nonce)) return false;
  const given = Buffer.from(nonceHash(nonce));
  const expected = Buffer.from(storedHash);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** A cookie's value from a Cookie header; undefined when absent or sent twice (ambiguous). */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  const values = header
    .split(';')
    .map((part) => part.trim())
    .filter((part) => part.startsWith(`${name}=`))
    .map((part) => part.slice(name.length + 1));
  return values.length === 1 && values[0] !== '' ? values[0] : undefined;
}

const options = (rules: CookieRules) => ({
  httpOnly: true,
  sameSite: 'lax' as const,
  secure: rules.secure,
  path: rules.path,
});

export function setBindingCookie(res: Response, nonce: string, rules: CookieRules): void {
  res.cookie(BINDING_COOKIE, nonce, { ...options(rules), maxAge: rules.maxAgeMs });
}

export function clearBindingCookie(res: Response, rules: CookieRules): void {
  res.clearCookie(BINDING_COOKIE, options(rules));
}
