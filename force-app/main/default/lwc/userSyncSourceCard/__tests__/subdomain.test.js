import { normaliseSubdomain } from '../subdomain';

describe('normaliseSubdomain', () => {
  it.each([
    ['acme', 'acme'],
    ['  ACME ', 'acme'],
    ['https://abc-energy.zendesk.com', 'abc-energy'],
    ['https://acme.zendesk.com/agent/', 'acme'],
    ['http://acme.zendesk.com', 'acme'],
    ['acme.zendesk.com', 'acme'],
    ['a'.repeat(63), 'a'.repeat(63)],
  ])('reads %p as %p', (input, expected) => {
    expect(normaliseSubdomain(input)).toBe(expected);
  });

  it.each([
    [null],
    [''],
    ['  '],
    ['-acme'],
    ['acme-'],
    ['ac_me'],
    ['acme.example.com'],
    ['a'.repeat(64)],
    ['ac me'],
  ])('refuses %p', (input) => {
    expect(normaliseSubdomain(input)).toBeNull();
  });
});
