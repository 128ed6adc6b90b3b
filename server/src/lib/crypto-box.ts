/**
 * Authenticated encryption for secrets at rest (docs/architecture.md: tokens are encrypted at rest).
 *
 * Envelope: `v1.<iv>.<tag>.<ciphertext>`, each part base64url. `v1` is AES-256-GCM with a random
 * 12-byte IV per seal (GCM must never reuse an IV under one key) and a 16-byte tag that `open` checks,
 * so a tampered or wrongly keyed value is refused instead of decrypting to garbage. The version
 * prefix lets a later key or algorithm be introduced while old rows remain readable.
 *
 * An optional `context` is bound as associated data: a value sealed for one purpose (the Zendesk
 * row) does not open for another (the Intercom row), even under the same key.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { err, ok, type Result } from './result';

declare const sealingKey: unique symbol;
/** 32 bytes that passed parseKey: the only kind seal/open accept. */
export type SealingKey = Buffer & { readonly [sealingKey]: true };

const VERSION = 'v1';
const ALGORITHM = 'aes-256-gcm';
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;

const HEX = /^[0-9a-fA-F]+$/;
// Standard or URL-safe alphabet, padding optional: what `openssl rand -base64 32` and Node print.
const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;

/**
 * Reads a 256-bit key written as 64 hex digits or as base64 / base64url of 32 bytes. Hex is tried
 * first because 64 hex digits are also valid base64 (of 48 bytes). Nothing is padded or truncated:
 * a key of the wrong size is a setup mistake worth stopping for.
 */
export function parseKey(text: unknown): Result<SealingKey, string> {
  const hint = 'generate one with `openssl rand -base64 32`';
  if (typeof text !== 'string' || text.trim() === '') return err(`the encryption key is empty; ${hint}`);
  const value = text.trim();
  if (value.length === KEY_BYTES * 2 && HEX.test(value)) return ok(Buffer.from(value, 'hex') as SealingKey);
  if (!BASE64.test(value))
    return err(`the encryption key must be 32 bytes written as base64 or as 64 hex digits; ${hint}`);
  const bytes = Buffer.from(value.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  if (bytes.length !== KEY_BYTES)
    return err(`the encryption key decodes to ${bytes.length} bytes, not ${KEY_BYTES}; ${hint}`);
  return ok(bytes as SealingKey);
}

export function seal(plaintext: string, key: SealingKey, context = ''): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [VERSION, iv, cipher.getAuthTag(), body]
    .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
    .join('.');
}

/** The plaintext, or why it cannot be had. The reason never contains any part of the value. */
export function open(sealed: string, key: SealingKey, context = ''): Result<string, string> {
  const parts = typeof sealed === 'string' ? sealed.split('.') : [];
  if (parts.length !== 4) return err('not a sealed value');
  const [version, ivText, tagText, bodyText] = parts;
  if (version !== VERSION) return err(`sealed with an unknown version "${version.slice(0, 8)}"`);
  const iv = Buffer.from(ivText, 'base64url');
  const tag = Buffer.from(tagText, 'base64url');
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) return err('not a sealed value');
  try {
    const decipher = createDecipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(tag);
    const plain = Buffer.concat([decipher.update(Buffer.from(bodyText, 'base64url')), decipher.final()]);
    return ok(plain.toString('utf8'));
  } catch {
    // GCM says only "unable to authenticate": wrong key, wrong context or altered bytes look alike.
    return err('the sealed value does not authenticate (wrong key or altered data)');
  }
}
