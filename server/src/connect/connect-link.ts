/**
 * The CONNECT command: the admin clicked Connect in the app, which published User_Sync_Command__e
 * (the app never calls the companion, docs/architecture.md). The companion answers on the source's settings
 * record: a signed start link valid 10 minutes (signed-link.ts) and a status telling the admin to
 * open it, or the reason it cannot (OAuth not configured here, the Zendesk subdomain is not valid).
 * The Zendesk subdomain comes from the settings record, validated before any URL is built with it.
 */
import { z } from 'zod';
import type { Logger } from '../lib/logger';
import { parseSubdomain } from '../sources/zendesk/subdomain';
import type { ConnectionRecordWriter } from './settings-record';
import { connectLink, linkClaims, type LinkKey } from './signed-link';
import { linkIssuedStatus, notConfiguredStatus } from './status-messages';
import type { Provider } from './types';

export interface ConnectLinkOptions {
  /** Reads the source's settings record (SalesforceDirectory.readSettings). */
  readSettings: (source: Provider) => Promise<unknown | undefined>;
  record: ConnectionRecordWriter;
  /** Absent when OAuth is not configured on the companion. */
  oauth?: { linkKey: LinkKey; publicUrl: string; providers: readonly Provider[] };
  logger: Logger;
  now?: () => number;
}

const settingsSchema = z.object({ Id: z.string().min(1), Zendesk_Subdomain__c: z.string().nullish() });

/** Writes a connect link (or why there is none) to the source's settings record. */
export async function issueConnectLink(source: Provider, o: ConnectLinkOptions): Promise<void> {
  const raw = await o.readSettings(source);
  const settings = settingsSchema.safeParse(raw);
  if (!settings.success) {
    o.logger.warn(
      { provider: source },
      'CONNECT for a source without a settings record: nothing to answer on',
    );
    return;
  }
  const recordId = settings.data.Id;
  if (!o.oauth || !o.oauth.providers.includes(source)) {
    o.logger.warn({ provider: source }, 'CONNECT refused: connecting this source is not configured');
    return o.record.write(source, recordId, { connectionStatus: notConfiguredStatus(source), link: null });
  }

  let subdomain;
  if (source === 'zendesk') {
    const parsed = parseSubdomain(settings.data.Zendesk_Subdomain__c ?? '');
    if (!parsed.ok)
      return o.record.write(source, recordId, {
        connectionStatus: `Zendesk subdomain: ${parsed.error}.`,
        link: null,
      });
    subdomain = parsed.value;
  }
  const claims = linkClaims(source, (o.now ?? Date.now)(), subdomain);
  const expiresAt = new Date(claims.expires * 1000);
  await o.record.write(source, recordId, {
    link: { url: connectLink(o.oauth.publicUrl, o.oauth.linkKey, claims), expiresAt },
    connectionStatus: linkIssuedStatus(expiresAt),
  });
  // The link itself is not logged: within its 10 minutes it starts a flow.
  o.logger.info(
    { provider: source, account: subdomain, expiresAt: expiresAt.toISOString() },
    'connect link issued',
  );
}
