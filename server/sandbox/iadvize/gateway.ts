/**
 * What sits in front of the GraphQL and REST APIs: the optional per-minute rate limit and the
 * injected faults. Both answer BEFORE the request reaches authentication or the operation, so an
 * injected 5xx never hides an applied change: a client that retries it cannot create a duplicate.
 * (A real gateway can also fail after the backend acted; the provisioning layer covers that case by
 * looking up by email before creating. The sandbox keeps faults deterministic in effect.)
 */
import { NextFunction, Request, Response } from 'express';
import { Tenant } from './state';
import { WindowLimiter } from './window-limiter';

/** A gateway-style HTML error page, as proxies send them: clients must not assume JSON. */
export function htmlErrorPage(status: number, reason: string): string {
  return `<html>\r\n<head><title>${status} ${reason}</title></head>\r\n<body>\r\n<center><h1>${status} ${reason}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;
}

const REASONS: Record<number, string> = {
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Temporarily Unavailable',
};

/**
 * Injected 429s carry `Retry-After: 1` (the smallest whole-second value) so that tests and benchmarks
 * that really sleep stay fast; the rate limit's Retry-After is the real wait.
 */
export const FAULT_RETRY_AFTER_SECONDS = 1;

function tooMany(res: Response, retryAfterSeconds: number): void {
  res
    .status(429)
    .set('Retry-After', String(retryAfterSeconds))
    .json({ error: 'too_many_requests', error_description: 'Too many requests, retry later' });
}

export function gateway(tenant: Tenant, rateLimiter: WindowLimiter | undefined) {
  return (_req: Request, res: Response, next: NextFunction): void => {
    const waitMs = rateLimiter?.take('tenant');
    if (waitMs !== undefined) {
      tenant.counters.faults429 += 1;
      return tooMany(res, Math.ceil(waitMs / 1000));
    }
    const fault = tenant.faults.next();
    if (fault?.kind === '429') {
      tenant.counters.faults429 += 1;
      return tooMany(res, FAULT_RETRY_AFTER_SECONDS);
    }
    if (fault?.kind === '5xx') {
      tenant.counters.faults5xx += 1;
      // A 500 from the application is JSON; 502/503 come from the proxy in front, as HTML.
      if (fault.status === 500)
        res.status(500).json({ error: 'internal_error', error_description: 'An unexpected error occurred' });
      else res.status(fault.status).type('html').send(htmlErrorPage(fault.status, REASONS[fault.status]));
      return;
    }
    next();
  };
}
