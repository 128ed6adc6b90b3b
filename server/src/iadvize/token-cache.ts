/**
 * The GraphQL access token, shared by every call of the process ("generate a token
 * once, cache it, and reuse it for the rest of its lifetime. Treat POST /oauth2/token as an expensive
 * operation").
 *
 * - Cached for its lifetime and renewed ~5 minutes before it ends (half the lifetime for short ones),
 *   so calls do not meet an expiry in flight.
 * - Concurrent callers share one login.
 * - invalidate() after an invalid_token drops that token only: many calls failing with the same dead
 *   token cause one login.
 * - Logins stay under a per-minute budget (LoginThrottle). Transport failures are retried a few times
 *   within one login; when a login finally fails, further logins pause with a growing backoff and
 *   callers fail at once (IADVIZE_LOGIN_PAUSED) instead of hammering the endpoint, unless the previous
 *   token is still valid, which is then used.
 */
import type { Logger } from '../lib/logger';
import { backoffMs } from '../lib/retry-delay';
import { IAdvizeError, failure } from './errors';
import { LoginThrottle } from './login-throttle';
import type { IssuedToken } from './token-response';

export interface TokenCacheOptions {
  login: () => Promise<IssuedToken>;
  logger: Logger;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  /** Renew this long before expiry (default 5 min, capped at half the lifetime). */
  renewBeforeMs?: number;
  /** Login budget per minute (default 5, under iAdvize's 10). */
  maxLoginsPerMinute?: number;
  /** Tries per login for transport failures (default 3). */
  attemptsPerLogin?: number;
  /** Pause after a failed login: exponential from min to max (default 5 s .. 5 min). */
  pauseAfterFailure?: { minMs: number; maxMs: number };
}

interface Cached {
  value: string;
  renewAtMs: number;
  expiresAtMs: number;
}

const MINUTE = 60_000;
const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class TokenCache {
  private readonly o: Required<Omit<TokenCacheOptions, 'logger' | 'login'>> &
    Pick<TokenCacheOptions, 'logger' | 'login'>;
  private readonly throttle: LoginThrottle;
  private current?: Cached;
  private inFlight?: Promise<Cached>;
  private failures = 0;
  private pausedUntilMs = 0;
  private lastFailure?: Error;
  readonly stats = { logins: 0, failedLogins: 0 };

  constructor(options: TokenCacheOptions) {
    this.o = {
      now: Date.now,
      sleep: defaultSleep,
      random: Math.random,
      renewBeforeMs: 5 * MINUTE,
      maxLoginsPerMinute: 5,
      attemptsPerLogin: 3,
      pauseAfterFailure: { minMs: 5_000, maxMs: 5 * MINUTE },
      ...options,
    };
    this.throttle = new LoginThrottle(this.o.maxLoginsPerMinute, MINUTE, this.o.now, this.o.sleep);
  }

  async get(): Promise<string> {
    const now = this.o.now();
    const cached = this.current;
    if (cached && now < cached.renewAtMs) return cached.value;
    const fallback = cached && now < cached.expiresAtMs ? cached : undefined;
    if (now < this.pausedUntilMs) {
      if (fallback) return fallback.value;
      const waitMs = this.pausedUntilMs - now;
      const last = this.lastFailure?.message ?? 'login failed';
      throw new IAdvizeError(
        'login',
        failure('IADVIZE_LOGIN_PAUSED', `${last} (next try in ${Math.ceil(waitMs / 1000)} s)`, true, waitMs),
        {
          cause: this.lastFailure,
        },
      );
    }
    this.inFlight ??= this.loginWithRetries().finally(() => {
      this.inFlight = undefined;
    });
    try {
      return (await this.inFlight).value;
    } catch (error) {
      if (fallback && this.o.now() < fallback.expiresAtMs) {
        this.o.logger.warn(
          { provider: 'iadvize', err: error },
          'token renewal failed; using the current token until it expires',
        );
        return fallback.value;
      }
      throw error;
    }
  }

  /** True while the last login was refused for its credentials (not for an outage): what readiness reports. */
  get credentialsRefused(): boolean {
    return this.lastFailure instanceof IAdvizeError && this.lastFailure.code === 'IADVIZE_AUTH_FAILED';
  }

  /** Forgets `token` if it is still the cached one (a later token is kept). */
  invalidate(token: string): void {
    if (this.current?.value === token) this.current = undefined;
  }

  private async loginWithRetries(): Promise<Cached> {
    for (let attempt = 1; ; attempt++) {
      await this.throttle.acquire();
      this.stats.logins += 1;
      try {
        const issued = await this.o.login();
        const now = this.o.now();
        const lifetimeMs = issued.expiresInSeconds * 1000;
        const margin = Math.min(this.o.renewBeforeMs, lifetimeMs / 2);
        this.current = {
          value: issued.accessToken,
          renewAtMs: now + lifetimeMs - margin,
          expiresAtMs: now + lifetimeMs,
        };
        this.failures = 0;
        this.pausedUntilMs = 0;
        this.lastFailure = undefined;
        return this.current;
      } catch (error) {
        const e = error instanceof Error ? error : new Error(String(error));
        const retryable = e instanceof IAdvizeError && e.retryable;
        const askedMs = e instanceof IAdvizeError ? (e.retryAfterMs ?? 0) : 0;
        if (retryable && attempt < this.o.attemptsPerLogin) {
          await this.o.sleep(Math.max(askedMs, backoffMs(attempt - 1, 1_000, 30_000, this.o.random)));
          continue;
        }
        this.failures += 1;
        this.stats.failedLogins += 1;
        const { minMs, maxMs } = this.o.pauseAfterFailure;
        this.pausedUntilMs =
          this.o.now() +
          Math.max(
            askedMs,
            backoffMs(this.failures - 1, minMs, maxMs, () => 1),
          );
        this.lastFailure = e;
        this.o.logger.error(
          { provider: 'iadvize', err: e, pausedForMs: this.pausedUntilMs - this.o.now() },
          'iAdvize login failed',
        );
        throw e;
      }
    }
  }
}
