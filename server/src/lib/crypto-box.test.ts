import { randomBytes } from 'node:crypto';
import { open, parseKey, seal, type SealingKey } from './crypto-box';

const keyOf = (text: string): SealingKey => {
  const k = parseKey(text);
  if (!k.ok) throw new Error(k.error);
  return k.value;
};
const newKey = () => keyOf(randomBytes(32).toString('base64'));

describe('crypto-box', () => {
  it('round-trips text, with a fresh IV every time', () => {
    const key = newKey();
    const secret = '{"accessToken":"abc","refreshToken":"déf ✓"}';
    const a = seal(secret, key);
    const b = seal(secret, key);
    expect(a).not.toBe(b);
    expect(a.startsWith('v1.')).toBe(true);
    expect(a).not.toContain('abc');
    expect(open(a, key)).toEqual({ ok: true, value: secret });
    expect(open(b, key)).toEqual({ ok: true, value: secret });
    expect(open(seal('', key), key)).toEqual({ ok: true, value: '' });
  });

  it('refuses a tampered ciphertext, IV or tag', () => {
    const key = newKey();
    const [v, iv, tag, body] = seal('the refresh token', key).split('.');
    const flip = (part: string) => {
      const bytes = Buffer.from(part, 'base64url');
      bytes[0] ^= 1;
      return bytes.toString('base64url');
    };
    for (const altered of [
      [v, iv, tag, flip(body)],
      [v, flip(iv), tag, body],
      [v, iv, flip(tag), body],
    ]) {
      expect(open(altered.join('.'), key)).toEqual({
        ok: false,
        error: expect.stringMatching(/authenticate/),
      });
    }
  });

  it('refuses the wrong key and the wrong context', () => {
    const key = newKey();
    const sealed = seal('secret', key, 'zendesk');
    expect(open(sealed, newKey(), 'zendesk').ok).toBe(false);
    expect(open(sealed, key, 'intercom').ok).toBe(false);
    expect(open(sealed, key, 'zendesk')).toEqual({ ok: true, value: 'secret' });
  });

  it('refuses envelopes it does not know, without echoing them', () => {
    const key = newKey();
    const sealed = seal('secret', key);
    expect(open('plain text', key)).toEqual({ ok: false, error: 'not a sealed value' });
    expect(open(sealed.replace(/^v1/, 'v9'), key)).toEqual({
      ok: false,
      error: expect.stringMatching(/unknown version "v9"/),
    });
    expect(open(sealed.split('.').slice(0, 3).join('.'), key).ok).toBe(false);
  });

  it('accepts 32-byte keys as hex, base64 and base64url', () => {
    const raw = randomBytes(32);
    for (const text of [
      raw.toString('hex'),
      raw.toString('hex').toUpperCase(),
      raw.toString('base64'),
      raw.toString('base64url'),
      ` ${raw.toString('base64')}\n`,
    ]) {
      const k = parseKey(text);
      expect(k.ok && k.value.equals(raw)).toBe(true);
    }
  });

  it('explains a bad key', () => {
    expect(parseKey('')).toEqual({ ok: false, error: expect.stringMatching(/empty.*openssl rand/) });
    expect(parseKey(undefined)).toEqual({ ok: false, error: expect.stringMatching(/empty/) });
    expect(parseKey(randomBytes(16).toString('base64'))).toEqual({
      ok: false,
      error: expect.stringMatching(/decodes to 16 bytes, not 32/),
    });
    expect(parseKey(randomBytes(48).toString('hex').slice(0, 63))).toEqual({
      ok: false,
      error: expect.stringMatching(/bytes, not 32/),
    });
    expect(parseKey('correct horse battery staple!')).toEqual({
      ok: false,
      error: expect.stringMatching(/base64 or as 64 hex digits/),
    });
  });
});
