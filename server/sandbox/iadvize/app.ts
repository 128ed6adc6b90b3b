/**
 * The sandbox's express app: the token endpoint, /_authenticated, /graphql and /api/2, with latency,
 * request counters, the gateway (rate limit, faults) and JSON error bodies.
 */
import express, { NextFunction, Request, Response } from 'express';
import { requireBearer } from './bearer';
import { gateway } from './gateway';
import { graphqlHandler } from './graphql-endpoint';
import { buildIAdvizeSchema } from './graphql-schema';
import { authenticatedHandler, tokenHandler } from './oauth';
import { restRouter } from './rest';
import { Tenant } from './state';
import { WindowLimiter } from './window-limiter';

export interface AppDeps {
  tenant: Tenant;
  admin: { email: string; password: string };
  restApiKey: string;
  tokenLifetimeSeconds: number;
  loginLimitPerUserPerMinute: number;
  loginLimitPerIpPerMinute: number;
  latencyMs: number;
  requestsPerMinute?: number;
  now: () => number;
}

const MINUTE = 60_000;

export function createApp(deps: AppDeps): express.Express {
  const { tenant, now } = deps;
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('query parser', 'simple');

  app.use(async (_req: Request, _res: Response, next: NextFunction) => {
    if (deps.latencyMs > 0) await new Promise((r) => setTimeout(r, deps.latencyMs).unref());
    next();
  });

  app.post(
    '/oauth2/token',
    express.urlencoded({ extended: false, limit: '16kb' }),
    tokenHandler({
      tenant,
      admin: deps.admin,
      tokenLifetimeSeconds: deps.tokenLifetimeSeconds,
      perUser: new WindowLimiter(deps.loginLimitPerUserPerMinute, MINUTE, now, true),
      perIp: new WindowLimiter(deps.loginLimitPerIpPerMinute, MINUTE, now, true),
    }),
  );
  app.get('/_authenticated', authenticatedHandler(tenant));

  const rateLimiter = deps.requestsPerMinute
    ? new WindowLimiter(deps.requestsPerMinute, MINUTE, now)
    : undefined;
  const front = gateway(tenant, rateLimiter);

  app.use('/graphql', (_req, _res, next) => {
    tenant.counters.graphql += 1;
    next();
  });
  app.post(
    '/graphql',
    front,
    requireBearer(tenant),
    express.json({ limit: '1mb' }),
    graphqlHandler(tenant, buildIAdvizeSchema()),
  );
  app.all('/graphql', (_req, res) => {
    res
      .status(405)
      .set('Allow', 'POST')
      .json({ errors: [{ message: 'The sandbox serves GraphQL over POST only.' }] });
  });

  app.use(
    '/api/2',
    (_req, _res, next) => {
      tenant.counters.rest += 1;
      next();
    },
    front,
    restRouter(tenant, deps.restApiKey),
  );

  app.use((error: unknown, req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(error);
    const status = (error as { status?: number }).status ?? 500;
    const message = error instanceof Error ? error.message : String(error);
    if (req.path.startsWith('/graphql'))
      res
        .status(status)
        .json({ errors: [{ message: status === 400 ? `Invalid JSON body: ${message}` : message }] });
    else if (req.path.startsWith('/api/2')) res.status(status).json({ meta: { status: 'error', message } });
    else
      res
        .status(status)
        .json({ error: status === 400 ? 'invalid_request' : 'server_error', error_description: message });
  });
  return app;
}
