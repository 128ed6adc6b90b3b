/**
 * The sandbox's express app: OAuth endpoints, then /api/v2 behind counters, the gateway (rate limit,
 * faults) and authentication. Unknown paths and unreadable bodies get Zendesk-shaped JSON errors.
 */
import express, { NextFunction, Request, Response } from 'express';
import { requireApiAuth } from './api-auth';
import { requireScope } from './scopes';
import { customRolesRouter } from './custom-roles-route';
import { jobStatusesRouter } from './job-statuses-route';
import { userFieldsRouter } from './user-fields-route';
import { userLookupsRouter } from './user-lookups-route';
import { userWritesRouter } from './user-writes-route';
import { gateway } from './gateway';
import { authorizeHandler, tokenHandler } from './oauth';
import { MinuteLimiter } from './rate-limit';
import { invalidEndpoint, oauthError } from './replies';
import { Account } from './state';
import { usersRouter } from './users-route';

export interface AppDeps {
  account: Account;
  /** Ask the admin on a consent page instead of approving at once. */
  consent?: { subdomain: string };
  requestsPerMinute: number;
  latencyMs: number;
  now: () => number;
}

/** `GET /api/v2/users/123.json` → `GET /api/v2/users/:id`: one counter per route, not per user. */
export function routeKey(method: string, path: string): string {
  return `${method} ${path.replace(/\.json$/, '').replace(/\/\d+(?=\/|$)/g, '/:id')}`;
}

export function createApp(deps: AppDeps): express.Express {
  const { account } = deps;
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('query parser', 'simple');

  app.use(async (req: Request, _res: Response, next: NextFunction) => {
    account.counters.requests += 1;
    account.count(routeKey(req.method, req.path));
    if (deps.latencyMs > 0) await new Promise((r) => setTimeout(r, deps.latencyMs).unref());
    next();
  });

  const authorize = authorizeHandler(account, deps.consent);
  app.get('/oauth/authorizations/new', authorize);
  app.post('/oauth/authorizations/new', express.urlencoded({ extended: false, limit: '16kb' }), authorize);
  app.post(
    '/oauth/tokens',
    express.json({ limit: '16kb' }),
    express.urlencoded({ extended: false, limit: '16kb' }),
    tokenHandler(account),
  );

  app.use(
    '/api/v2',
    gateway(account, new MinuteLimiter(deps.requestsPerMinute, deps.now)),
    requireApiAuth(account),
    requireScope(),
    // Before usersRouter: /users/show_many and /users/search are not /users/{id}.
    userLookupsRouter(account),
    userWritesRouter(account),
    usersRouter(account),
    customRolesRouter(account),
    userFieldsRouter(account),
    jobStatusesRouter(account),
  );

  app.use((_req: Request, res: Response) => invalidEndpoint(res));
  app.use((error: unknown, req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(error);
    const status = (error as { status?: number }).status ?? 500;
    const message = error instanceof Error ? error.message : String(error);
    if (req.path.startsWith('/oauth'))
      oauthError(res, status, status === 400 ? 'invalid_request' : 'server_error', message);
    else
      res
        .status(status)
        .json({ error: status === 400 ? 'InvalidJSON' : 'InternalServerError', description: message });
  });
  return app;
}
