import { backoffMs, headerWaitMs, isRetryableStatus, retryDelayMs } from './retry-delay';

const NOW = Date.UTC(2026, 10, 22, 12, 0, 0);
const timing = { minDelayMs: 100, maxDelayMs: 10_000, maxHeaderWaitMs: 60_000 };

describe('headerWaitMs', () => {
  it('reads Retry-After in seconds (Zendesk, iAdvize)', () => {
    expect(headerWaitMs(new Headers({ 'Retry-After': '7' }), NOW)).toBe(7000);
  });
  it('reads Retry-After as an HTTP date', () => {
    expect(headerWaitMs(new Headers({ 'Retry-After': new Date(NOW + 3000).toUTCString() }), NOW)).toBe(3000);
  });
  it('reads X-RateLimit-Reset as a UNIX time in seconds (Intercom)', () => {
    expect(headerWaitMs(new Headers({ 'X-RateLimit-Reset': String(NOW / 1000 + 4) }), NOW)).toBe(4000);
  });
  it('never returns a negative wait, and nothing without a header', () => {
    expect(headerWaitMs(new Headers({ 'X-RateLimit-Reset': String(NOW / 1000 - 10) }), NOW)).toBe(0);
    expect(headerWaitMs(new Headers(), NOW)).toBeUndefined();
    expect(headerWaitMs(new Headers({ 'Retry-After': 'soon' }), NOW)).toBeUndefined();
  });
});

describe('backoffMs', () => {
  it('grows exponentially up to the cap, with jitter inside the bounds', () => {
    expect(backoffMs(0, 100, 10_000, () => 1)).toBe(100);
    expect(backoffMs(3, 100, 10_000, () => 1)).toBe(800);
    expect(backoffMs(20, 100, 10_000, () => 1)).toBe(10_000);
    expect(backoffMs(20, 100, 10_000, () => 0)).toBe(100);
  });
});

describe('retryDelayMs', () => {
  it('prefers the provider header over the backoff', () => {
    expect(retryDelayMs(0, new Headers({ 'Retry-After': '2' }), timing, NOW, () => 0)).toBe(2000);
    expect(retryDelayMs(2, undefined, timing, NOW, () => 1)).toBe(400);
  });
});

describe('isRetryableStatus', () => {
  it.each([
    [429, true],
    [500, true],
    [503, true],
    [408, true],
    [400, false],
    [401, false],
    [404, false],
    [422, false],
  ])('%i → %s', (status, retryable) => expect(isRetryableStatus(status)).toBe(retryable));
});
