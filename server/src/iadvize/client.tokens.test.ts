import { ada, clientFor, closeAll, sandbox } from './test-sandbox';
import { fakeClock } from './test-clock';

afterEach(closeAll);

const user = (i: number) => ({ ...ada, email: `user${i}@example.com`, pseudo: `u${i}` });

describe('IAdvizeClient token handling against the sandbox', () => {
  it('logs in once for 100 calls', async () => {
    const s = await sandbox();
    const client = clientFor(s);
    for (let i = 0; i < 50; i++) expect((await client.createOperator(user(i))).ok).toBe(true);
    for (let i = 0; i < 50; i++) await client.getOperator('100001');
    expect(s.state.counters.token).toBe(1);
    expect(s.state.counters.graphql).toBe(50);
  });

  it('shares the first login among 30 concurrent calls', async () => {
    const s = await sandbox();
    const client = clientFor(s);
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => client.createOperator(user(i))));
    expect(results.every((r) => r.ok)).toBe(true);
    expect(s.state.counters.token).toBe(1);
  });

  it('logs in again once when the tokens are revoked mid-run, and the calls succeed', async () => {
    const s = await sandbox();
    const client = clientFor(s, { restKey: undefined });
    for (let i = 0; i < 5; i++) expect((await client.createOperator(user(i))).ok).toBe(true);
    s.state.expireAllTokens();
    const concurrent = await Promise.all(
      Array.from({ length: 10 }, (_, i) => client.createOperator(user(100 + i))),
    );
    expect(concurrent.every((r) => r.ok)).toBe(true);
    expect(await client.getOperator('100001')).toMatchObject({ email: 'admin@iadvize.sandbox' });
    expect(s.state.counters.token).toBe(2);
    expect(s.state.counters.created).toBe(15);
  });

  it('renews the token before it expires, without a failed call', async () => {
    const clock = fakeClock();
    const s = await sandbox({ now: clock.now, tokenLifetimeSeconds: 3600 });
    const client = clientFor(s, { now: clock.now, sleep: clock.sleep });
    expect((await client.createOperator(user(1))).ok).toBe(true);
    clock.advance((3600 - 299) * 1000);
    expect((await client.createOperator(user(2))).ok).toBe(true);
    expect(s.state.counters.token).toBe(2);
    expect(s.state.counters.byOperation.professionalCreate).toBe(2); // no 401 round trip
  });

  it('stays under the login limit when tokens keep being revoked', async () => {
    const clock = fakeClock();
    const s = await sandbox({ now: clock.now });
    const client = clientFor(s, { now: clock.now, sleep: clock.sleep });
    for (let i = 0; i < 15; i++) {
      expect((await client.createOperator(user(i))).ok).toBe(true);
      s.state.expireAllTokens();
    }
    expect(s.state.counters.token).toBe(15);
    expect(s.state.counters.loginLimited).toBe(0);
    // 15 logins at the default budget of 5 per minute take at least two minutes of (fake) time.
    expect(clock.slept.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(120_000);
  });

  it('does not hammer the token endpoint with wrong credentials', async () => {
    const clock = fakeClock();
    const s = await sandbox({ now: clock.now });
    const client = clientFor(s, {
      now: clock.now,
      sleep: clock.sleep,
      credentials: { username: 'admin@iadvize.sandbox', password: 'wrong' },
    });
    await expect(client.createOperator(ada)).rejects.toMatchObject({
      code: 'IADVIZE_AUTH_FAILED',
      operation: 'login',
      message: expect.stringContaining('invalid_grant'),
    });
    for (let i = 0; i < 20; i++)
      await expect(client.createOperator(ada)).rejects.toMatchObject({ code: 'IADVIZE_LOGIN_PAUSED' });
    expect(s.state.counters.token).toBe(1);
    expect(s.state.counters.graphql).toBe(0);
  });

  it('fails clearly if even a fresh token is refused', async () => {
    const s = await sandbox();
    const client = clientFor(s);
    // Revoke every token the moment it is used: both the cached and the renewed one get a 401.
    const realFetch = globalThis.fetch;
    const fetchThatRevokes: typeof fetch = async (input, init) => {
      if (String(input).includes('/graphql')) s.state.expireAllTokens();
      return realFetch(input, init);
    };
    const revoking = clientFor(s, { http: { fetch: fetchThatRevokes } });
    await expect(revoking.createOperator(ada)).rejects.toMatchObject({
      code: 'IADVIZE_AUTH_FAILED',
      operation: 'professionalCreate',
    });
    expect(s.state.counters.token).toBe(2);
    expect((await client.createOperator(ada)).ok).toBe(true);
  });
});
