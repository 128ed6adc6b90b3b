/**
 * The per-app rate limit: a budget per 10-second window ("we evenly distribute this
 * into 10 second windows"), exposed on every authenticated response as X-RateLimit-Limit,
 * X-RateLimit-Remaining and X-RateLimit-Reset (a UNIX timestamp in seconds), and 429
 * `rate_limit_exceeded` "Exceeded rate limit of N in 10_seconds" once spent. The headers "are not
 * sent when the request has no valid credentials", so this runs after authentication.
 * [inferred] Windows are fixed and aligned on multiples of 10 s of the UNIX clock; no Retry-After is
 * sent (none seen in Intercom's docs).
 */
import { NextFunction, Request, Response } from 'express';
import { sendErrorList } from './error-list';

const WINDOW_MS = 10_000;

/** [doc] 10,000 calls per minute per app; [inferred] rounding up, as 1000/min becomes 167 in the docs. */
export const DEFAULT_RATE_LIMIT_PER_10S = Math.ceil(10_000 / 6);

export class TenSecondWindow {
  private windowStart = -1;
  private used = 0;

  constructor(
    readonly limit: number,
    private readonly now: () => number,
  ) {}

  /** Counts one call; whether it fits, what is left and when the window resets (UNIX seconds). */
  take(): { allowed: boolean; remaining: number; resetEpochSeconds: number } {
    const start = Math.floor(this.now() / WINDOW_MS) * WINDOW_MS;
    if (start !== this.windowStart) {
      this.windowStart = start;
      this.used = 0;
    }
    const allowed = this.used < this.limit;
    if (allowed) this.used += 1;
    return {
      allowed,
      remaining: this.limit - this.used,
      resetEpochSeconds: (start + WINDOW_MS) / 1000,
    };
  }
}

export function rateLimit(window: TenSecondWindow, onLimited: () => void) {
  return (_req: Request, res: Response, next: NextFunction): void => {
    const t = window.take();
    res.set({
      'X-RateLimit-Limit': String(window.limit),
      'X-RateLimit-Remaining': String(t.remaining),
      'X-RateLimit-Reset': String(t.resetEpochSeconds),
    });
    if (t.allowed) return next();
    onLimited();
    sendErrorList(res, 429, 'rate_limit_exceeded', `Exceeded rate limit of ${window.limit} in 10_seconds`);
  };
}
