import express, { type Express, type NextFunction, type Request, type Response, type Router } from 'express';
import { CompanionError } from '../lib/errors';
import type { Logger } from '../lib/logger';
import { sendCatalogueError } from './error-reply';

/** Express and its parsers mark what the client got wrong (an undecodable path, a bad body) 4xx. */
const isClientError = (error: unknown): boolean => {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' && status >= 400 && status < 500;
};

/** A named readiness check: the companion is ready only when every check passes. */
export interface ReadinessCheck {
  name: string;
  ready: () => boolean;
}

export interface AppDependencies {
  logger: Logger;
  readiness: ReadinessCheck[];
  /** Added to /readyz's body: which channels this instance consumes or stands by for. */
  details?: () => Record<string, unknown>;
  /** Mounted at the root before the 404: the connect router (/oauth/...) when OAuth is configured. */
  routers?: Router[];
  /** Served at /metrics in the Prometheus text format (a prom-client Registry). */
  metrics?: MetricsSource;
}

/** The part of a prom-client Registry the app serves. */
export interface MetricsSource {
  readonly contentType: string;
  metrics(): Promise<string>;
}

/**
 * The companion's HTTP surface, built apart from the listening server so tests drive it directly.
 * /healthz: the process is alive. /readyz: every dependency it needs is connected (a standby, whose
 * channel another instance consumes, is ready). /metrics: what it did, for Prometheus.
 */
export function buildApp({ logger, readiness, details, routers = [], metrics }: AppDependencies): Express {
  const app = express();
  app.disable('x-powered-by');

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });

  app.get('/readyz', (_req, res) => {
    const checks = Object.fromEntries(readiness.map((check) => [check.name, check.ready()]));
    const ready = Object.values(checks).every(Boolean);
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not ready', checks, ...details?.() });
  });

  if (metrics)
    app.get('/metrics', async (_req, res) => {
      const text = await metrics.metrics();
      res.type(metrics.contentType).send(text);
    });

  for (const router of routers) app.use(router);

  app.use((_req, res) => sendCatalogueError(res, 'NOT_FOUND'));

  // Express 5 forwards rejected promises here. Only catalogue codes and messages go out: an
  // exception's text could carry a provider's reply or a secret.
  app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    if (error instanceof CompanionError) return sendCatalogueError(res, error.code);
    if (isClientError(error)) return sendCatalogueError(res, 'REQUEST_INVALID');
    logger.error({ err: error }, 'unhandled error in HTTP handler');
    sendCatalogueError(res, 'INTERNAL');
  });

  return app;
}
