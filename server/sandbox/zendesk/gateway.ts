/**
 * What sits in front of /api/v2: the per-minute limit with its headers, then the injected edge 429s
 * and 5xx. Both answer BEFORE authentication and the route, so an injected failure never hides an
 * applied change and a retrying client cannot cause a duplicate.
 */
import { NextFunction, Request, Response } from 'express';
import { MinuteLimiter } from './rate-limit';
import { edgeRateLimited, rateLimited, serverError } from './replies';
import { Account } from './state';

export function gateway(account: Account, limiter: MinuteLimiter) {
  return (_req: Request, res: Response, next: NextFunction): void => {
    const waitMs = limiter.take();
    // [doc §1.9] `X-Rate-Limit` / `X-Rate-Limit-Remaining` on API responses.
    res.set('X-Rate-Limit', String(limiter.limit));
    res.set('X-Rate-Limit-Remaining', String(limiter.remaining()));
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
