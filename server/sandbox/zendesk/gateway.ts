/**
 * What sits in front of /api/v2: the per-minute limit with its headers, then the injected edge 429s
 * and 5xx. Both answer BEFORE authentication and the route, so an injected failure never hides an
 * applied change and a retrying client cannot cause a duplicate.
 *
 * Headers, as https://developer.zendesk.com/documentation/api-basics/best-practices/best-practices-for-avoiding-rate-limiting/
 * lists them: `X-Rate-Limit` and `X-Rate-Limit-Remaining` on every API answer; list endpoints add
 * `ratelimit-limit`, `ratelimit-remaining` and `ratelimit-reset` (seconds); a 429 carries
 * `Retry-After` in seconds. A recorded live `GET /api/v2/users` carries the same set.
 */
import { NextFunction, Request, Response } from 'express';
import { MinuteLimiter } from './rate-limit';
import { edgeRateLimited, rateLimited, serverError } from './replies';
import { Account } from './state';

export function gateway(account: Account, limiter: MinuteLimiter) {
  return (_req: Request, res: Response, next: NextFunction): void => {
    const waitMs = limiter.take();
    // Every API answer carries the account-wide limit and what is left of it this minute.
    const remaining = limiter.remaining();
    res.set('X-Rate-Limit', String(limiter.limit));
    res.set('X-Rate-Limit-Remaining', String(remaining));
    res.locals.rateLimit = { limit: limiter.limit, remaining, reset: limiter.resetSeconds() };
    if (waitMs !== undefined) {
      account.counters.rateLimited += 1;
      return rateLimited(res, Math.ceil(waitMs / 1000));
    }
    const fault = account.faults.next();
    if (fault?.kind === 'edge429') {
      account.counters.rateLimited += 1;
      return edgeRateLimited(res);
    }
    if (fault?.kind === '5xx') {
      account.counters.faults5xx += 1;
      return serverError(res, fault.status);
    }
    next();
  };
}

/** The `ratelimit-*` trio Zendesk adds on list endpoints (users, custom roles). */
export function setListRateLimitHeaders(res: Response): void {
  const r = res.locals.rateLimit as { limit: number; remaining: number; reset: number } | undefined;
  if (!r) return;
  res.set('ratelimit-limit', String(r.limit));
  res.set('ratelimit-remaining', String(r.remaining));
  res.set('ratelimit-reset', String(r.reset));
}
