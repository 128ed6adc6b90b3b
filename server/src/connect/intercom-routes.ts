/**
 * Intercom's "Authenticate" (OAuth as a workspace admin or owner,
 * https://developers.intercom.com/building-apps/docs/setting-up-oauth). start: only from a
 * connect link the companion signed; the state is bound to this browser by a cookie. Intercom offers
 * no PKCE and scopes are chosen on the app, so the consent URL carries only client_id, state and
 * redirect_uri. The token never expires and has no refresh token: it is sealed into the vault as is.
 */
import type { Request, Response } from 'express';
import { authorizeUrl, exchangeCode } from '../sources/intercom/oauth';
import { clearBindingCookie, newNonce, nonceHash, setBindingCookie } from './browser-binding';
import { takeCallback } from './callback';
import { finishConnection } from './finish';
import { callbackUrl, type ResolvedOptions } from './options';
import { redirectTo, sendError } from './replies';
import { openLink } from './link-use';
import { newState } from './state';
import type { TokenVault } from './token-vault';

export function intercomRoutes(o: ResolvedOptions, vault: TokenVault) {
  const redirectUri = callbackUrl(o, 'intercom');

  async function start(req: Request, res: Response): Promise<void> {
    const setup = o.intercom;
    if (!setup) return sendError(res, 'OAUTH_NOT_CONFIGURED');
    const link = await openLink(req.query, 'intercom', o);
    if (!link.ok) {
      o.logger.warn({ provider: 'intercom', code: link.error.code }, 'connect link refused at start');
      return sendError(res, link.error.code, link.error.detail);
    }
    const state = newState();
    const nonce = newNonce();
    const url = authorizeUrl({
      clientId: setup.clientId,
      redirectUri,
      state,
      ...(setup.authorizeBase ? { authorizeBase: setup.authorizeBase } : {}),
    });
    const now = o.now();
    await o.store.pruneOAuthStates(new Date(now - o.stateTtlMs));
    await o.store.putOAuthState(
      { state, provider: 'intercom', browserHash: nonceHash(nonce) },
      new Date(now),
    );
    setBindingCookie(res, nonce, o.cookies.intercom);
    o.logger.info({ provider: 'intercom' }, 'authorization started');
    redirectTo(res, url);
  }

  async function callback(req: Request, res: Response): Promise<void> {
    const setup = o.intercom;
    if (!setup) return sendError(res, 'OAUTH_NOT_CONFIGURED');
    // Whatever the outcome, the binding has served: the browser drops it with this response.
    clearBindingCookie(res, o.cookies.intercom);
    const taken = await takeCallback(req.query, req.headers.cookie, 'intercom', o);
    if (!taken.ok) {
      o.logger.warn({ provider: 'intercom', code: taken.error.code }, 'authorization callback refused');
      return sendError(res, taken.error.code, taken.error.detail);
    }
    const token = await exchangeCode(
      { code: taken.value.code, clientId: setup.clientId, clientSecret: setup.clientSecret },
      { http: o.http, ...(setup.tokenBaseUrl ? { tokenBaseUrl: setup.tokenBaseUrl } : {}) },
    );
    if (!token.ok) {
      o.logger.warn(
        { provider: 'intercom', code: token.error.code, status: token.error.status },
        'Intercom code exchange failed',
      );
      return sendError(res, token.error.code);
    }
    await vault.save('intercom', { accessToken: token.value.accessToken });
    await finishConnection(res, o, { provider: 'intercom' });
  }

  return { start, callback };
}
