/**
 * The sandbox's express app. Every regional host (api.intercom.io, api.eu.intercom.io,
 * api.au.intercom.io) and app.intercom.com are served from the one origin.
 *
 * REST API order: injected fault → bearer → rate limit → Intercom-Version → route. Authentication
 * comes before the rate limit because the X-RateLimit-* headers are not sent without valid
 * credentials (Intercom's rate-limiting page says so); [inferred] the version check counts against the limit.
 */
import express, { NextFunction, Request, Response } from 'express';
import { adminRoutes, AppRegion } from './admin-routes';
import { requireBearer } from './bearer';
import { sendErrorList } from './error-list';
import { injectFaults } from './faults';
import { OAuthClient, oauthRoutes } from './oauth';
import { rateLimit, TenSecondWindow } from './rate-limit';
import { Workspace } from './state';
import { intercomVersion } from './versions';

export interface AppDeps {
  workspace: Workspace;
  ownerId: string;
  region: AppRegion;
  oauthClients: readonly OAuthClient[];
  supportedVersions: ReadonlySet<string>;
  appVersion: string;
  rateLimitPer10s: number;
  latencyMs: number;
  now: () => number;
}

export function createApp(deps: AppDeps): express.Express {
  const { workspace } = deps;
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('query parser', 'simple');

  app.use(async (req: Request, _res: Response, next: NextFunction) => {
    workspace.record({ method: req.method, path: req.path, intercomVersion: req.header('intercom-version') });
    if (deps.latencyMs > 0) await new Promise((r) => setTimeout(r, deps.latencyMs).unref());
    next();
  });

  app.use(oauthRoutes(workspace, deps.oauthClients));

  const window = new TenSecondWindow(deps.rateLimitPer10s, deps.now);
  app.use(
    injectFaults(workspace.faults, () => (workspace.counters.faults5xx += 1)),
    requireBearer(workspace.tokens),
    rateLimit(window, () => (workspace.counters.rateLimited += 1)),
    intercomVersion(deps.supportedVersions, deps.appVersion),
    adminRoutes(workspace, { ownerId: deps.ownerId, region: deps.region }),
  );

  app.use((_req: Request, res: Response) => sendErrorList(res, 404, 'not_found', 'Resource Not Found'));

  app.use((error: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(error);
    const status = (error as { status?: number }).status ?? 500;
    const message = error instanceof Error ? error.message : String(error);
    sendErrorList(res, status, status === 400 ? 'parameter_invalid' : 'server_error', message);
  });
  return app;
}
