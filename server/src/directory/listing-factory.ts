import type { SourcesConfig } from '../config';
import type { Logger } from '../lib/logger';
import type { RequestCounters } from '../metrics/recorders';
import { err, ok, type Result } from '../lib/result';
import { IntercomClient } from '../sources/intercom';
import { staticAccessToken, ZendeskClient, type TokenSource } from '../sources/zendesk';
import { intercomListing, zendeskListing, type SourceListing } from './source-listing';
import type { SourceConfiguration } from './source-settings';

export interface ListingCredentials {
  /** A Zendesk token source (OAuth with rotation from the vault); falls back to ZENDESK_ACCESS_TOKEN. */
  zendeskTokens?: TokenSource;
  /** An Intercom token from the vault; falls back to INTERCOM_ACCESS_TOKEN. */
  intercomToken?: string;
  /**
   * Asked after a run: what the settings record must say when the stored authorization was refused
   * during it (an admin must connect again); undefined when nothing needs saying.
   */
  reconnectReason?: () => string | undefined;
}

/**
 * Where a run's credentials come from (connect/run-credentials.ts: the vault). An error is written
 * to the source's Connection_Status__c as is: it must say what an admin can do.
 */
export type CredentialsLoader = (
  configuration: SourceConfiguration,
) => Promise<Result<ListingCredentials, string>>;

/**
 * The listing of a configured source, or why it cannot be listed (not connected, say). `onClient`
 * is given the request counters of the client the listing uses (for the metrics).
 */
export function listingFor(
  configuration: SourceConfiguration,
  sources: SourcesConfig,
  credentials: ListingCredentials,
  logger: Logger,
  onClient?: (provider: 'zendesk' | 'intercom', counters: RequestCounters) => void,
): Result<SourceListing, string> {
  const column = configuration.settings.identifierColumn;
  if (configuration.zendesk) {
    const tokens =
      credentials.zendeskTokens ??
      (sources.zendesk.accessToken ? staticAccessToken(sources.zendesk.accessToken) : undefined);
    if (!tokens) return err('Zendesk is not connected: authorise it (Connect) or set ZENDESK_ACCESS_TOKEN.');
    const client = new ZendeskClient({
      subdomain: configuration.zendesk.subdomain,
      baseUrl: sources.zendesk.baseUrl,
      tokens,
      logger,
    });
    onClient?.('zendesk', client.http.counters);
    return ok(zendeskListing(client.listTeamUsers(configuration.zendesk.filter), column));
  }
  if (configuration.intercom) {
    const token = credentials.intercomToken ?? sources.intercom.accessToken;
    if (!token) return err('Intercom is not connected: authorise it (Connect) or set INTERCOM_ACCESS_TOKEN.');
    const client = new IntercomClient({
      accessToken: token,
      region: configuration.intercom.region,
      baseUrl: sources.intercom.baseUrl,
      logger,
    });
    onClient?.('intercom', client.counters);
    return ok(intercomListing(() => client.listTeammates(), column));
  }
  return err(`Source ${configuration.settings.source} has no usable settings.`);
}
