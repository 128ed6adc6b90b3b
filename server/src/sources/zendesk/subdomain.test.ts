import { parseSubdomain, zendeskBaseUrl } from './subdomain';

describe('parseSubdomain', () => {
  it.each([
    ['abc-energy', 'abc-energy'],
    ['  ACME  ', 'acme'],
    ['a', 'a'],
    ['x1', 'x1'],
    ['a'.repeat(63), 'a'.repeat(63)],
  ])('accepts %j', (input, expected) => {
    const r = parseSubdomain(input);
    expect(r).toEqual({ ok: true, value: expected });
    if (r.ok) expect(zendeskBaseUrl(r.value)).toBe(`https://${expected}.zendesk.com`);
  });

  it.each([
    '',
    '   ',
    'a'.repeat(64),
    'abc.zendesk.com',
    'https://abc.zendesk.com',
    'evil.com/',
    'abc/../x',
    'abc@evil.com',
    'user:pass',
    'abc:443',
    '-abc',
    'abc-',
    'ab_c',
    'ab c',
    'ab\nc',
    'abc\u0000',
    'ábc',
    'аcme', // Cyrillic а
    'xn--80ak6aa92e.com',
    'abc%2eevil',
    'abc#x',
    'abc?x=1',
    '*',
  ])('refuses %j', (input) => {
    expect(parseSubdomain(input).ok).toBe(false);
  });

  it('refuses what is not text', () => {
    for (const input of [undefined, null, 42, {}, ['acme']]) expect(parseSubdomain(input).ok).toBe(false);
  });

  it('points a pasted URL at the expected form', () => {
    const r = parseSubdomain('https://support.example.zendesk.com');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toContain('enter only the subdomain');
  });
});
