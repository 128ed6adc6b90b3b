/**
 * Zendesk's "Authenticate" (the admin gives the subdomain, then clicks "Allow" at Zendesk;
 * https://developer.zendesk.com/api-reference/ticketing/oauth/grant_type_tokens/).
 * start: only from a connect link the companion signed (signed-link.ts), whose subdomain is validated
 * before any URL is built from it (docs/architecture.md, reliability rules); then a state and a PKCE pair are
 * stored, bound to this browser by a cookie, and the browser is sent to the account's consent page.
 * callback: the state is taken back (from the same browser), the code exchanged at once with the
 * stored verifier (codes live 120 s), and the pair sealed into the vault before anything else happens.
 */
import type { Request, Response } from 'express';
import { open, seal } from '../lib/crypto-box';
import {
  authorizeUrl,
  baseUrlFor,
  createPkcePair,
  DEFAULT_SCOPE,
  exchangeCode,
} from '../sources/zendesk/oauth';
import { PUSH_SCOPE } from '../push/write-access';
import { parseSubdomain, type ZendeskSubdomain } from '../sources/zendesk/subdomain';
import { clearBindingCookie, newNonce, nonceHash, setBindingCookie } from './browser-binding';
import { takeCallback } from './callback';
import { finishConnection } from './finish';
import { callbackUrl, type ResolvedOptions } from './options';
import { redirectTo, sendError } from './replies';
import { openLink } from './link-use';
import { newState } from './state';
import type { TokenVault } from './token-vault';

/** Binds a sealed verifier to its flow: copied to another state's row, it does not open. */
const verifierContext = (state: string) => `oauth_states:${state}`;

export function zendeskRoutes(o: ResolvedOptions, vault: TokenVault) {
  const redirectUri = callbackUrl(o, 'zendesk');
  const overrideFor = (subdomain: ZendeskSubdomain) => o.zendesk?.baseUrl?.(subdomain);

  async function start(req: Request, res: Response): Promise<void> {
    const setup = o.zendesk;
    if (!setup) return sendError(res, 'OAUTH_NOT_CONFIGURED');
    const link = await openLink(req.query, 'zendesk', o);
    if (!link.ok) {
      o.logger.warn({ provider: 'zendesk', code: link.error.code }, 'connect link refused at start');
      return sendError(res, link.error.code, link.error.detail);
    }
    const subdomain = link.value.subdomain;
    if (subdomain === undefined) return sendError(res, 'ZENDESK_SUBDOMAIN_INVALID');

    // Pushing needs write access: a link issued with it asks for `read write` (push/write-access.ts).
    const scope = link.value.access === 'write' ? PUSH_SCOPE : (setup.scope ?? DEFAULT_SCOPE);
    const state = newState();
    const pkce = createPkcePair();
    const nonce = newNonce();
    const url = authorizeUrl({
      subdomain,
      baseUrl: overrideFor(subdomain),
      clientId: setup.clientId,
      redirectUri,
      state,
      codeChallenge: pkce.challenge,
      scope,
    });
    if (!url.ok) return sendError(res, 'ZENDESK_SUBDOMAIN_INVALID', url.error);

    const now = o.now();
    // Abandoned flows would otherwise pile up: the start page is reachable by anyone who can reach us.
    await o.store.pruneOAuthStates(new Date(now - o.stateTtlMs));
    await o.store.putOAuthState(
      {
        state,
        provider: 'zendesk',
        subdomain,
        // Sealed like the tokens: with the code in the callback, the verifier completes an exchange.
        codeVerifier: seal(pkce.verifier, o.key, verifierContext(state)),
        browserHash: nonceHash(nonce),
        scope,
      },
      new Date(now),
    );
    setBindingCookie(res, nonce, o.cookies.zendesk);
    o.logger.info({ provider: 'zendesk', account: subdomain }, 'authorization started');
    redirectTo(res, url.value);
  }

  async function callback(req: Request, res: Response): Promise<void> {
    const setup = o.zendesk;
    if (!setup) return sendError(res, 'OAUTH_NOT_CONFIGURED');
    // Whatever the outcome, the binding has served: the browser drops it with this response.
    clearBindingCookie(res, o.cookies.zendesk);
    const taken = await takeCallback(req.query, req.headers.cookie, 'zendesk', o);
    if (!taken.ok) {
      o.logger.warn({ provider: 'zendesk', code: taken.error.code }, 'authorization callback refused');
      return sendError(res, taken.error.code, taken.error.detail);
    }
    const { record, code } = taken.value;
    // The subdomain comes from our own record, never from the callback's query.
    const subdomain = parseSubdomain(record.subdomain);
    const verifier = open(record.codeVerifier ?? '', o.key, verifierContext(record.state));
    if (!subdomain.ok || !verifier.ok) return sendError(res, 'OAUTH_STATE_INVALID');
    const baseUrl = baseUrlFor(subdomain.value, overrideFor(subdomain.value));
    if (!baseUrl.ok) return sendError(res, 'ZENDESK_SUBDOMAIN_INVALID', baseUrl.error);

    const pair = await exchangeCode(
      o.http,
      {
        baseUrl: baseUrl.value,
        clientId: setup.clientId,
        clientSecret: setup.clientSecret,
        redirectUri,
        code,
        codeVerifier: verifier.value,
        scope: record.scope ?? setup.scope ?? DEFAULT_SCOPE,
      },
      o.now,
    );
    if (!pair.ok) {
      o.logger.warn(
        { provider: 'zendesk', code: pair.error.code, status: pair.error.status },
        'Zendesk code exchange failed',
      );
      return sendError(
        res,
        pair.error.code === 'ZENDESK_AUTH_FAILED' ? 'ZENDESK_OAUTH_FAILED' : pair.error.code,
      );
    }
    // A token answer without a scope was granted what was asked.
    const scope = pair.value.scope || (record.scope ?? setup.scope ?? DEFAULT_SCOPE);
    await vault.save('zendesk', { ...pair.value, scope, subdomain: subdomain.value });
    await finishConnection(res, o, { provider: 'zendesk', subdomain: subdomain.value, scope });
  }

  return { start, callback };
}
