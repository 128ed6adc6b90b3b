/**
 * The OAuth pages the admin's browser goes through (docs/architecture.md: only the OAuth redirect
 * goes through the admin's browser to the companion). Mount at the root of the app: the callback
 * URLs registered with the providers are `${publicUrl}/oauth/{zendesk|intercom}/callback`.
 *
 *   GET /oauth/zendesk/start?subdomain&expires&sig   GET /oauth/zendesk/callback?code&state | ?error&state
 *   GET /oauth/intercom/start?expires&sig            GET /oauth/intercom/callback?code&state | ?error&state
 *
 * A start URL is a connect link the companion signed on a CONNECT command (signed-link.ts); start
 * binds the flow to the browser with a cookie that the callback requires (browser-binding.ts).
 *
 * Every failure is JSON `{ error: { code, message } }` with a catalogue code; unexpected ones are
 * answered here too (OAUTH_FAILED or the CompanionError's own code), with the catalogue message only,
 * since an exception's text could carry a provider's reply.
 */
import { Router, type Request, type Response } from 'express';
import { CompanionError } from '../lib/errors';
import type { Logger } from '../lib/logger';
import { intercomRoutes } from './intercom-routes';
import { resolveOptions, type ConnectOptions } from './options';
import { sendError } from './replies';
import { TokenVault } from './token-vault';
import type { Provider } from './types';
import { zendeskRoutes } from './zendesk-routes';

type Handler = (req: Request, res: Response) => Promise<void>;

function guarded(provider: Provider, logger: Logger, handler: Handler): Handler {
  return async (req, res) => {
    try {
      await handler(req, res);
    } catch (error) {
      logger.error({ provider, err: error }, 'authorization request failed');
      if (res.headersSent) return;
      sendError(res, error instanceof CompanionError ? error.code : 'OAUTH_FAILED');
    }
  };
}

export function createConnectRouter(options: ConnectOptions): Router {
  const o = resolveOptions(options);
  const vault = new TokenVault(o.store, o.key);
  const zendesk = zendeskRoutes(o, vault);
  const intercom = intercomRoutes(o, vault);
  const router = Router();
  router.get('/oauth/zendesk/start', guarded('zendesk', o.logger, zendesk.start));
  router.get('/oauth/zendesk/callback', guarded('zendesk', o.logger, zendesk.callback));
  router.get('/oauth/intercom/start', guarded('intercom', o.logger, intercom.start));
  router.get('/oauth/intercom/callback', guarded('intercom', o.logger, intercom.callback));
  return router;
}
