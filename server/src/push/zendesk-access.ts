/**
 * The Zendesk account a push writes to: the subdomain of the Zendesk settings record, the tokens
 * Connect stored for it (with the scope Zendesk granted), else ZENDESK_ACCESS_TOKEN. What is missing
 * is said in words the admin can act on, for the push record.
 */
import type { Logger } from '../lib/logger';
import { err, ok, type Result } from '../lib/result';
import type { ZendeskClientOptions } from '../sources/zendesk/client-options';
import { ZendeskPushClient } from '../sources/zendesk/push-client';
import { staticAccessToken, type TokenSource } from '../sources/zendesk/token-source';
import type { ZendeskAccess } from './run-push';
import type { SalesforcePushes } from './salesforce-push';

export interface ZendeskAccessOptions {
  salesforce: Pick<SalesforcePushes, 'zendeskAccount'>;
  /** The vault's authorization (connect/source-connections.ts), when OAuth is configured. */
  authorization?: (
    subdomain: string,
  ) => Promise<Result<{ tokens: TokenSource; scope: string } | undefined, string>>;
  /** ZENDESK_ACCESS_TOKEN and ZENDESK_BASE_URL. */
  environment: { accessToken?: string; baseUrl?: string };
  logger: Logger;
  /** HttpClient tuning (tests shorten the backoff). */
  http?: ZendeskClientOptions['http'];
}

export function zendeskAccess(o: ZendeskAccessOptions): () => Promise<Result<ZendeskAccess, string>> {
  return async () => {
    const account = await o.salesforce.zendeskAccount();
    if (!account?.subdomain)
      return err(
        'Zendesk is not set up: enter its subdomain and connect it on the Sources tab. [PUSH_SETTINGS_INVALID]',
      );
    const stored = o.authorization ? await o.authorization(account.subdomain) : ok(undefined);
    if (!stored.ok) return stored;
    const env = o.environment.accessToken;
    const tokens = stored.value?.tokens ?? (env ? staticAccessToken(env) : undefined);
    if (!tokens)
      return err(
        'Zendesk is not connected: connect it on the Sources tab (with write access) or set ZENDESK_ACCESS_TOKEN.',
      );
    const client = new ZendeskPushClient({
      subdomain: account.subdomain,
      baseUrl: o.environment.baseUrl,
      tokens,
      logger: o.logger,
      ...(o.http && { http: o.http }),
    });
    return ok({
      client,
      counters: client.http.counters,
      ...(stored.value && { scope: stored.value.scope }),
      accountRecordId: account.recordId,
    });
  };
}
