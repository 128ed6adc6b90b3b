/**
 * Verification of the RS256 assertion of the OAuth 2.0 JWT bearer flow against a connected app's
 * certificate (an X.509 certificate PEM, or a bare public key PEM).
 */
import { KeyObject, X509Certificate, createPublicKey, verify } from 'node:crypto';

export interface JwtClaims {
  iss?: unknown;
  sub?: unknown;
  aud?: unknown;
  exp?: unknown;
  [claim: string]: unknown;
}

export type JwtCheck =
  { ok: true; claims: JwtClaims } | { ok: false; reason: 'malformed' | 'algorithm' | 'signature' };

function decodePart(part: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return value && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** Claims of an assertion without checking its signature (to find the issuer's app first). */
export function peekClaims(assertion: string): JwtClaims | undefined {
  const parts = assertion.split('.');
  return parts.length === 3 ? decodePart(parts[1]) : undefined;
}

export function publicKeyOf(pem: string): KeyObject {
  return pem.includes('BEGIN CERTIFICATE') ? new X509Certificate(pem).publicKey : createPublicKey(pem);
}

/** Checks structure, algorithm (RS256 only, as Salesforce) and signature. */
export function verifyAssertion(assertion: string, certificatePem: string): JwtCheck {
  const parts = assertion.split('.');
  if (parts.length !== 3) return { ok: false, reason: 'malformed' };
  const header = decodePart(parts[0]);
  const claims = decodePart(parts[1]);
  if (!header || !claims) return { ok: false, reason: 'malformed' };
  if (header.alg !== 'RS256') return { ok: false, reason: 'algorithm' };
  let valid = false;
  try {
    valid = verify(
      'RSA-SHA256',
      Buffer.from(`${parts[0]}.${parts[1]}`),
      publicKeyOf(certificatePem),
      Buffer.from(parts[2], 'base64url'),
    );
  } catch {
    valid = false;
  }
  return valid ? { ok: true, claims } : { ok: false, reason: 'signature' };
}
