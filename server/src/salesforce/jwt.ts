import { createPrivateKey, sign } from 'node:crypto';

export interface JwtClaims {
  clientId: string;
  username: string;
  audience: string;
  /** Seconds the assertion stays valid; Salesforce accepts at most 3 minutes. */
  lifetimeSeconds?: number;
  now?: () => number;
}

const base64url = (input: Buffer | string): string => Buffer.from(input).toString('base64url');

/**
 * The RS256 assertion of the OAuth 2.0 JWT bearer flow: iss = consumer key, sub = username,
 * aud = login URL, exp within 3 minutes. Built with node:crypto alone.
 */
export function buildJwtAssertion(claims: JwtClaims, privateKeyPem: string): string {
  const nowSeconds = Math.floor((claims.now ?? Date.now)() / 1000);
  const header = base64url(JSON.stringify({ alg: 'RS256' }));
  const payload = base64url(
    JSON.stringify({
      iss: claims.clientId,
      sub: claims.username,
      aud: claims.audience,
      exp: nowSeconds + Math.min(claims.lifetimeSeconds ?? 180, 180),
    }),
  );
  const signature = sign('RSA-SHA256', Buffer.from(`${header}.${payload}`), createPrivateKey(privateKeyPem));
  return `${header}.${payload}.${base64url(signature)}`;
}

/**
 * The audience Salesforce expects: login.salesforce.com for production and My Domain logins,
 * test.salesforce.com for sandboxes; any other login URL (a local sandbox) is its own audience.
 */
export function jwtAudience(loginUrl: string): string {
  const host = new URL(loginUrl).hostname;
  if (host === 'test.salesforce.com' || host.endsWith('.sandbox.my.salesforce.com'))
    return 'https://test.salesforce.com';
  if (host.endsWith('salesforce.com')) return 'https://login.salesforce.com';
  return loginUrl;
}
