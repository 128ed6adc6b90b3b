import { createHmac } from 'node:crypto';
import type { ZendeskSubdomain } from '../sources/zendesk/subdomain';
import { connectLink, deriveLinkKey, linkClaims, LINK_TTL_MS, verifyLink } from './signed-link';
import { newKey } from './test-helpers';

const NOW = Date.parse('2026-11-22T10:00:00Z');
const acme = 'acme' as ZendeskSubdomain;
const queryOf = (link: string) => Object.fromEntries(new URL(link).searchParams);
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
/** The last character of a 43-character base64url string with its two unused low bits flipped. */
const respell = (c: string) => ALPHABET[ALPHABET.indexOf(c) ^ 1];

describe('connect links', () => {
  const key = deriveLinkKey(newKey());
  const zendesk = connectLink('https://sync.acme.test/base/', key, linkClaims('zendesk', NOW, acme));
  const intercom = connectLink('https://sync.acme.test/base', key, linkClaims('intercom', NOW));

  it('point at the provider start page with the subdomain, the expiry, a nonce and a signature', () => {
    const url = new URL(zendesk);
    expect(`${url.origin}${url.pathname}`).toBe('https://sync.acme.test/base/oauth/zendesk/start');
    expect(queryOf(zendesk)).toEqual({
      subdomain: 'acme',
      expires: String((NOW + LINK_TTL_MS) / 1000),
      nonce: expect.stringMatching(/^[A-Za-z0-9_-]{22}$/),
      sig: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
    });
    expect(Object.keys(queryOf(intercom))).toEqual(['expires', 'nonce', 'sig']);
  });

  it('open for their provider and subdomain until they expire', () => {
    expect(verifyLink(queryOf(zendesk), 'zendesk', key, NOW)).toEqual({
      ok: true,
      value: {
        provider: 'zendesk',
        subdomain: 'acme',
        expires: (NOW + LINK_TTL_MS) / 1000,
        nonce: queryOf(zendesk).nonce,
      },
    });
    expect(verifyLink(queryOf(intercom), 'intercom', key, NOW + LINK_TTL_MS - 1).ok).toBe(true);
    expect(verifyLink(queryOf(intercom), 'intercom', key, NOW + LINK_TTL_MS)).toEqual({
      ok: false,
      error: { code: 'OAUTH_LINK_EXPIRED' },
    });
  });

  it.each([
    ['no parameters', {}, 'OAUTH_LINK_MISSING'],
    ['no signature', { subdomain: 'acme', expires: '1' }, 'OAUTH_LINK_MISSING'],
    ['a repeated parameter', { subdomain: 'acme', expires: ['1', '2'], sig: 'x' }, 'OAUTH_LINK_INVALID'],
    ['a malformed signature', { subdomain: 'acme', expires: '1', sig: 'short' }, 'OAUTH_LINK_INVALID'],
  ])('refuse %s', (_name, query, code) => {
    expect(verifyLink(query, 'zendesk', key, NOW)).toMatchObject({ ok: false, error: { code } });
  });

  it('refuse any change to what was signed', () => {
    const q = queryOf(zendesk);
    const cases: Array<[Record<string, string>, 'zendesk' | 'intercom']> = [
      [{ ...q, subdomain: 'other' }, 'zendesk'],
      [{ ...q, expires: String(Number(q.expires) + 60) }, 'zendesk'],
      [{ ...q, nonce: `${q.nonce[0] === 'A' ? 'B' : 'A'}${q.nonce.slice(1)}` }, 'zendesk'],
      [{ subdomain: q.subdomain, expires: q.expires, sig: q.sig }, 'zendesk'],
      [{ ...q, sig: `${q.sig[0] === 'A' ? 'B' : 'A'}${q.sig.slice(1)}` }, 'zendesk'],
      // The same signature bytes, spelled with the last character's two spare bits set differently.
      [{ ...q, sig: `${q.sig.slice(0, 42)}${respell(q.sig[42])}` }, 'zendesk'],
      // A Zendesk link at the Intercom start page, with or without its subdomain.
      [q, 'intercom'],
      [{ expires: q.expires, nonce: q.nonce, sig: q.sig }, 'intercom'],
      // An Intercom link at the Zendesk start page, for whatever subdomain.
      [{ ...queryOf(intercom), subdomain: 'acme' }, 'zendesk'],
    ];
    for (const [query, provider] of cases)
      expect(verifyLink(query, provider, key, NOW)).toEqual({
        ok: false,
        error: { code: 'OAUTH_LINK_INVALID' },
      });
  });

  it('refuse a link signed under another key, or one that lives longer than a link can', () => {
    expect(verifyLink(queryOf(zendesk), 'zendesk', deriveLinkKey(newKey()), NOW).ok).toBe(false);
    const far = { ...linkClaims('intercom', NOW), expires: (NOW + 2 * LINK_TTL_MS) / 1000 };
    expect(verifyLink(queryOf(connectLink('https://x.test', key, far)), 'intercom', key, NOW)).toEqual({
      ok: false,
      error: { code: 'OAUTH_LINK_INVALID' },
    });
  });

  it('are signed with a key derived from the sealing key, never with the sealing key itself', () => {
    const sealing = newKey();
    const q = queryOf(connectLink('https://x.test', deriveLinkKey(sealing), linkClaims('intercom', NOW)));
    const withSealingKey = createHmac('sha256', sealing)
      .update(['v1', 'intercom', '', q.expires, q.nonce].join('\n'))
      .digest('base64url');
    expect(q.sig).not.toBe(withSealingKey);
    expect(deriveLinkKey(sealing).equals(sealing)).toBe(false);
    expect(deriveLinkKey(sealing).equals(deriveLinkKey(sealing))).toBe(true);
  });
});
