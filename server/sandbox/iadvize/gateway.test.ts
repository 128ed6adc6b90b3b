import { FaultInjector } from './faults';
import {
  CREATE,
  closeSandboxes,
  createInput,
  fakeClock,
  gql,
  login,
  rest,
  startTestSandbox,
} from './test-helpers';

afterEach(closeSandboxes);

describe('faults', () => {
  it('draws the same sequence for the same seed, at about the configured rates', () => {
    const draw = () => {
      const f = new FaultInjector({ error5xxRate: 0.1, rate429: 0.05, seed: 42 });
      return Array.from({ length: 2000 }, () => f.next()?.kind ?? 'ok');
    };
    const a = draw();
    expect(draw()).toEqual(a);
    const share = (kind: string) => a.filter((k) => k === kind).length / a.length;
    expect(share('5xx')).toBeGreaterThan(0.07);
    expect(share('5xx')).toBeLessThan(0.13);
    expect(share('429')).toBeGreaterThan(0.03);
    expect(share('429')).toBeLessThan(0.07);
  });

  it('rejects rates outside 0..1', () => {
    expect(() => new FaultInjector({ error5xxRate: 1.5 })).toThrow(/within 0..1/);
    expect(() => new FaultInjector({ error5xxRate: 0.6, rate429: 0.6 })).toThrow(/must not exceed 1/);
  });

  it('answers every request with a fault before authentication and before the operation', async () => {
    const sandbox = await startTestSandbox({ faults: { error5xxRate: 1, seed: 1 } });
    const token = await login(sandbox.url); // the token endpoint has no injected faults
    const statuses = new Set<number>();
    for (let i = 0; i < 12; i++) {
      const res = await gql(sandbox.url, token, CREATE, { input: createInput() });
      statuses.add(res.status);
      if (res.status === 502 || res.status === 503) expect(res.text).toMatch(/^<html>/);
    }
    expect([...statuses].every((s) => [500, 502, 503].includes(s))).toBe(true);
    expect(sandbox.state.counters).toMatchObject({ graphql: 12, faults5xx: 12, created: 0, byOperation: {} });
    // Even without a token the fault comes first: it is the proxy in front failing.
    expect([500, 502, 503]).toContain((await rest(sandbox.url, '/operator', {})).status);
  });

  it('injects 429s with Retry-After: 1, and setFaults() changes the rates at run time', async () => {
    const sandbox = await startTestSandbox({ faults: { rate429: 1 } });
    const res = await rest(sandbox.url, '/operator');
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('1');
    expect(sandbox.state.counters.faults429).toBe(1);
    sandbox.state.setFaults(undefined);
    expect((await rest(sandbox.url, '/operator')).status).toBe(200);
  });
});

describe('rate limit', () => {
  it('limits GraphQL and REST together per minute, with the real wait in Retry-After', async () => {
    const clock = fakeClock();
    const sandbox = await startTestSandbox({ now: clock.now, rateLimit: { requestsPerMinute: 2 } });
    const token = await login(sandbox.url);
    expect((await rest(sandbox.url, '/operator')).status).toBe(200);
    clock.advance(15_000);
    expect((await gql(sandbox.url, token, '{ professional(id: 1) { id } }')).status).toBe(200);
    const limited = await rest(sandbox.url, '/operator');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('45');
    clock.advance(45_000);
    expect((await rest(sandbox.url, '/operator')).status).toBe(200);
  });
});

describe('latency and counters', () => {
  it('adds latency to every response', async () => {
    const sandbox = await startTestSandbox({ latencyMs: 60 });
    const started = Date.now();
    await rest(sandbox.url, '/operator');
    expect(Date.now() - started).toBeGreaterThanOrEqual(55);
  });

  it('resets counters in place', async () => {
    const sandbox = await startTestSandbox();
    const counters = sandbox.state.counters;
    await rest(sandbox.url, '/operator');
    sandbox.state.resetCounters();
    expect(counters).toEqual({
      token: 0,
      graphql: 0,
      rest: 0,
      created: 0,
      faults5xx: 0,
      faults429: 0,
      loginLimited: 0,
      byOperation: {},
    });
  });

  it('seeds operators with ids in order and refuses a taken email', async () => {
    const sandbox = await startTestSandbox();
    const a = sandbox.state.seedOperator({ email: 'a@x.com', lastName: 'A', role: 'manager' });
    const b = sandbox.state.seedOperator({ email: 'b@x.com', lastName: 'B' });
    expect(b.id).toBe(a.id + 1);
    expect(a).toMatchObject({ pseudo: 'A', role: 'manager' });
    expect(sandbox.state.operators().map((op) => op.email)).toEqual([
      'admin@iadvize.sandbox',
      'a@x.com',
      'b@x.com',
    ]);
    expect(() => sandbox.state.seedOperator({ email: 'A@X.com', lastName: 'again' })).toThrow(/already uses/);
  });
});
