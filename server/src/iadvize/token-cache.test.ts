import { silentLogger } from '../lib/logger';
import { IAdvizeError, failure } from './errors';
import { LoginThrottle } from './login-throttle';
import { fakeClock } from './test-clock';
import { TokenCache, TokenCacheOptions } from './token-cache';
import type { IssuedToken } from './token-response';

const DAY = 86_400;

function cache(
  login: () => Promise<IssuedToken>,
  clock = fakeClock(),
  extra: Partial<TokenCacheOptions> = {},
) {
  return {
    clock,
    tokens: new TokenCache({
      login,
      logger: silentLogger(),
      now: clock.now,
      sleep: clock.sleep,
      random: () => 0,
      ...extra,
    }),
  };
}

function counting(lifetime = DAY) {
  let n = 0;
  const login = jest.fn(async () => ({ accessToken: `t${++n}`, expiresInSeconds: lifetime }));
  return login;
}

describe('LoginThrottle', () => {
  it('lets maxPerWindow logins through, then waits for the oldest to leave the window', async () => {
    const clock = fakeClock();
    const throttle = new LoginThrottle(2, 60_000, clock.now, clock.sleep);
    await throttle.acquire();
    clock.advance(10_000);
    await throttle.acquire();
    expect(throttle.waitMs()).toBe(50_000);
    await throttle.acquire();
    expect(clock.slept).toEqual([50_000]);
  });
});

describe('TokenCache', () => {
  it('logs in once and reuses the token for its lifetime', async () => {
    const login = counting();
    const { tokens, clock } = cache(login);
    expect(await tokens.get()).toBe('t1');
    clock.advance((DAY - 301) * 1000);
    expect(await tokens.get()).toBe('t1');
    expect(login).toHaveBeenCalledTimes(1);
  });

  it('renews about 5 minutes before expiry, and at half-life for short tokens', async () => {
    const login = counting();
    const { tokens, clock } = cache(login);
    await tokens.get();
    clock.advance((DAY - 300) * 1000);
    expect(await tokens.get()).toBe('t2');

    const shortLogin = counting(60);
    const short = cache(shortLogin);
    await short.tokens.get();
    short.clock.advance(30_000);
    expect(await short.tokens.get()).toBe('t2');
  });

  it('shares one login among concurrent callers', async () => {
    const login = counting();
    const { tokens } = cache(login);
    const got = await Promise.all(Array.from({ length: 30 }, () => tokens.get()));
    expect(new Set(got)).toEqual(new Set(['t1']));
    expect(login).toHaveBeenCalledTimes(1);
  });

  it('after invalidate(), logs in once however many callers held the dead token', async () => {
    const login = counting();
    const { tokens } = cache(login);
    const dead = await tokens.get();
    tokens.invalidate(dead);
    const [a, b] = await Promise.all([tokens.get(), tokens.get()]);
    tokens.invalidate(dead); // a late caller reporting the old token does not drop the new one
    expect([a, b, await tokens.get()]).toEqual(['t2', 't2', 't2']);
    expect(login).toHaveBeenCalledTimes(2);
  });

  it('keeps logins under the per-minute budget', async () => {
    const login = counting();
    const { tokens, clock } = cache(login, fakeClock(), { maxLoginsPerMinute: 3 });
    const started = clock.now();
    for (let i = 0; i < 7; i++) tokens.invalidate(await tokens.get());
    expect(login).toHaveBeenCalledTimes(7);
    // 7 logins at 3 per minute need at least two full windows.
    expect(clock.now() - started).toBeGreaterThanOrEqual(120_000);
  });

  it('retries a transport failure within one login, honouring Retry-After', async () => {
    let n = 0;
    const login = jest.fn(async () => {
      if (++n === 1) throw new IAdvizeError('login', failure('IADVIZE_RATE_LIMITED', '429', true, 7_000));
      return { accessToken: 'ok', expiresInSeconds: DAY };
    });
    const { tokens, clock } = cache(login);
    expect(await tokens.get()).toBe('ok');
    expect(clock.slept).toEqual([7_000]);
  });

  it('after a failed login, fails fast with LOGIN_PAUSED and backs off before trying again', async () => {
    const login = jest.fn(async (): Promise<IssuedToken> => {
      throw new IAdvizeError('login', failure('IADVIZE_AUTH_FAILED', 'invalid_grant'));
    });
    const { tokens, clock } = cache(login);
    await expect(tokens.get()).rejects.toMatchObject({ code: 'IADVIZE_AUTH_FAILED' });
    for (let i = 0; i < 10; i++)
      await expect(tokens.get()).rejects.toMatchObject({ code: 'IADVIZE_LOGIN_PAUSED', retryAfterMs: 5_000 });
    expect(login).toHaveBeenCalledTimes(1);
    clock.advance(5_000);
    await expect(tokens.get()).rejects.toMatchObject({ code: 'IADVIZE_AUTH_FAILED' });
    // The pause doubles: 10 s now.
    await expect(tokens.get()).rejects.toMatchObject({ code: 'IADVIZE_LOGIN_PAUSED', retryAfterMs: 10_000 });
    expect(login).toHaveBeenCalledTimes(2);
  });

  it('keeps serving a still-valid token when its early renewal fails', async () => {
    let n = 0;
    const login = jest.fn(async () => {
      if (++n > 1) throw new IAdvizeError('login', failure('IADVIZE_UNAVAILABLE', '503', true));
      return { accessToken: 'first', expiresInSeconds: DAY };
    });
    const { tokens, clock } = cache(login, fakeClock(), { attemptsPerLogin: 1 });
    await tokens.get();
    clock.advance((DAY - 200) * 1000);
    expect(await tokens.get()).toBe('first');
    expect(await tokens.get()).toBe('first'); // paused: no new attempt, still the valid token
    expect(login).toHaveBeenCalledTimes(2);
  });
});
