import { DEFAULT_ACCESS_TOKEN } from './server';
import { closeSandboxes, fakeClock, get, startTestSandbox } from './test-helpers';

afterEach(closeSandboxes);

const unauthorized = {
  type: 'error.list',
  request_id: expect.any(String),
  errors: [{ code: 'unauthorized', message: 'Access Token Invalid' }],
};

describe('authentication', () => {
  it('refuses a missing, wrong or revoked token with 401 unauthorized and no rate-limit headers', async () => {
    const sandbox = await startTestSandbox();
    for (const token of [null, 'nope']) {
      const res = await get(sandbox.url, '/admins', { token });
      expect(res.status).toBe(401);
      expect(res.json()).toEqual(unauthorized);
      expect(res.headers.get('x-ratelimit-limit')).toBeNull();
    }
    const issued = sandbox.state.issueAccessToken();
    expect((await get(sandbox.url, '/admins', { token: issued })).status).toBe(200);
    sandbox.state.revokeAccessTokens();
    expect((await get(sandbox.url, '/admins', { token: issued })).status).toBe(401);
    expect((await get(sandbox.url, '/admins', { token: DEFAULT_ACCESS_TOKEN })).status).toBe(401);
  });
});

describe('Intercom-Version', () => {
  it('uses the app version when the header is missing and refuses an unknown one with 400', async () => {
    const sandbox = await startTestSandbox({ appVersion: '2.11' });
    sandbox.state.addAdmin({ name: 'Ada', email: 'ada@example.com', role: { id: '1', name: 'Admin' } });
    const none = await get(sandbox.url, '/admins', { version: null });
    expect(none.status).toBe(200);
    expect(none.json().admins[1]).not.toHaveProperty('role'); // 2.11 has no role
    const bad = await get(sandbox.url, '/admins', { version: '9.9' });
    expect(bad.status).toBe(400);
    expect(bad.json()).toEqual({
      type: 'error.list',
      request_id: expect.any(String),
      errors: [{ code: 'intercom_version_invalid', message: 'The requested version could not be found' }],
    });
    expect(sandbox.state.requests().map((r) => r.intercomVersion)).toEqual([undefined, '9.9']);
  });

  it('accepts only the configured versions', async () => {
    const sandbox = await startTestSandbox({ supportedVersions: ['2.11'] });
    expect((await get(sandbox.url, '/admins', { version: '2.11' })).status).toBe(200);
    expect((await get(sandbox.url, '/admins', { version: '2.16' })).status).toBe(400);
  });
});

describe('rate limit', () => {
  it('counts calls per 10-second window, sends X-RateLimit-* and 429 rate_limit_exceeded', async () => {
    const clock = fakeClock(Date.UTC(2025, 0, 1, 0, 0, 3)); // 3 s into a window
    const sandbox = await startTestSandbox({ rateLimitPer10s: 2, now: clock.now });
    const windowEnd = String(Date.UTC(2025, 0, 1, 0, 0, 10) / 1000);

    const first = await get(sandbox.url, '/admins');
    expect(first.headers.get('x-ratelimit-limit')).toBe('2');
    expect(first.headers.get('x-ratelimit-remaining')).toBe('1');
    expect(first.headers.get('x-ratelimit-reset')).toBe(windowEnd);
    expect((await get(sandbox.url, '/admins')).headers.get('x-ratelimit-remaining')).toBe('0');

    const limited = await get(sandbox.url, '/admins');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('x-ratelimit-reset')).toBe(windowEnd);
    expect(limited.headers.get('retry-after')).toBeNull();
    expect(limited.json()).toEqual({
      type: 'error.list',
      request_id: expect.any(String),
      errors: [{ code: 'rate_limit_exceeded', message: 'Exceeded rate limit of 2 in 10_seconds' }],
    });
    expect(sandbox.state.counters).toMatchObject({ requests: 3, admins: 2, rateLimited: 1 });

    clock.advance(7_000);
    expect((await get(sandbox.url, '/admins')).status).toBe(200);
  });
});

describe('faults, latency and unknown routes', () => {
  it('injects 5xx (JSON 500, HTML 502/503) reproducibly with a seed', async () => {
    const sandbox = await startTestSandbox({ faults: { error5xxRate: 1, seed: 42 } });
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await get(sandbox.url, '/admins')).status);
    expect(statuses.every((s) => [500, 502, 503].includes(s))).toBe(true);
    expect(sandbox.state.counters.faults5xx).toBe(6);
    expect(sandbox.state.counters.admins).toBe(0);

    sandbox.state.setFaults({ error5xxRate: 1, seed: 42 });
    const again: number[] = [];
    for (let i = 0; i < 6; i++) again.push((await get(sandbox.url, '/admins')).status);
    expect(again).toEqual(statuses);

    sandbox.state.setFaults(undefined);
    expect((await get(sandbox.url, '/admins')).status).toBe(200);
    expect(() => sandbox.state.setFaults({ error5xxRate: 2 })).toThrow(/0\.\.1/);
  });

  it('adds latency and answers unknown paths with not_found', async () => {
    const sandbox = await startTestSandbox({ latencyMs: 40 });
    const started = Date.now();
    const res = await get(sandbox.url, '/nothing-here');
    expect(Date.now() - started).toBeGreaterThanOrEqual(35);
    expect(res.status).toBe(404);
    expect(res.json().errors[0].code).toBe('not_found');
  });

  it('rejects invalid options', async () => {
    await expect(startTestSandbox({ rateLimitPer10s: 0 })).rejects.toThrow(/rateLimitPer10s/);
    await expect(startTestSandbox({ appVersion: '2.16', supportedVersions: ['2.11'] })).rejects.toThrow(
      /appVersion/,
    );
  });
});
