import express, { type Express, type NextFunction, type Request, type Response, type Router } from 'express';
import { CompanionError, ERRORS } from '../lib/errors';
import type { Logger } from '../lib/logger';

/** A named readiness check: the companion is ready only when every check passes. */
export interface ReadinessCheck {
  name: string;
  ready: () => boolean;
}

export interface AppDependencies {
  logger: Logger;
  readiness: ReadinessCheck[];
  /** Mounted at the root before the 404: the connect router (/oauth/...) when OAuth is configured. */
  routers?: Router[];
}

/**
 * The companion's HTTP surface, built apart from the listening server so tests drive it directly.
 * /healthz: the process is alive. /readyz: every dependency it needs is connected.
 */
export function buildApp({ logger, readiness, routers = [] }: AppDependencies): Express {
  const app = express();
  app.disable('x-powered-by');

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });

  app.get('/readyz', (_req, res) => {
    const checks = Object.fromEntries(readiness.map((check) => [check.name, check.ready()]));
    const ready = Object.values(checks).every(Boolean);
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not ready', checks });
  });

  for (const router of routers) app.use(router);

  app.use((_req, res) => {
    res.status(404).json({ error: { code: 'NOT_FOUND', message: ERRORS.NOT_FOUND.message } });
  });

  // Express 5 forwards rejected promises here; nothing internal leaks to the caller.
  app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    if (error instanceof CompanionError) {
      res.status(error.status).json({ error: { code: error.code, message: error.message } });
      return;
    }
    logger.error({ err: error }, 'unhandled error in HTTP handler');
    res.status(500).json({ error: { code: 'INTERNAL', message: 'Internal error' } });
  });

  return app;
}
