/**
 * What the companion does once a provider's tokens are stored (the router's `onConnected`): record
 * the connection on the source's settings record, so the app shows it without calling the companion.
 * Connection_Status__c says which account and when (no token, no email); for Zendesk the account's
 * custom roles go to Available_Custom_Roles__c for the role picker; the used link is cleared.
 *
 * The tokens are already durable when this runs: if Salesforce cannot be written, this throws, the
 * router logs it and tells the admin (OAUTH_STATUS_NOT_RECORDED), and the tokens stay stored.
 */
import { z } from 'zod';
import { CompanionError } from '../lib/errors';
import type { Logger } from '../lib/logger';
import { parseSubdomain } from '../sources/zendesk/subdomain';
import type { CustomRole } from '../sources/zendesk/types';
import type { ConnectionFields, ConnectionRecordWriter } from './settings-record';
import { accountMismatchStatus, connectedStatus } from './status-messages';
import type { ConnectedEvent, Provider } from './types';

export interface ConnectionRecorderOptions {
  /** Reads the source's settings record (SalesforceDirectory.readSettings). */
  readSettings: (source: Provider) => Promise<unknown | undefined>;
  record: ConnectionRecordWriter;
  /** Zendesk's custom roles, listed with the tokens just stored. */
  customRoles: (subdomain: string) => Promise<CustomRole[]>;
  logger: Logger;
  now?: () => number;
}

const settingsSchema = z.object({ Id: z.string().min(1), Zendesk_Subdomain__c: z.string().nullish() });

/** The JSON the role picker reads: `[{"id":360001,"name":"Tier 2"}]`. */
export const customRolesJson = (roles: CustomRole[]): string =>
  JSON.stringify(roles.map(({ id, name }) => ({ id, name })));

export function connectionRecorder(o: ConnectionRecorderOptions): (event: ConnectedEvent) => Promise<void> {
  return async (event) => {
    const provider = event.provider;
    const settings = settingsSchema.safeParse(await o.readSettings(provider));
    if (!settings.success) {
      o.logger.warn({ provider }, 'connected, but the source has no settings record to record it on');
      return;
    }
    const at = new Date((o.now ?? Date.now)());
    const fields: ConnectionFields = { link: null };
    if (event.provider === 'intercom') fields.connectionStatus = connectedStatus('intercom', at);
    else {
      const named = parseSubdomain(settings.data.Zendesk_Subdomain__c ?? '');
      // The admin changed the subdomain while the flow was open: runs would refuse these tokens.
      if (!named.ok || named.value !== event.subdomain)
        fields.connectionStatus = accountMismatchStatus(event.subdomain, named.ok ? named.value : '?');
      else {
        fields.connectionStatus = connectedStatus('zendesk', at, event.subdomain);
        try {
          fields.customRoles = customRolesJson(await o.customRoles(event.subdomain));
        } catch (error) {
          // Custom roles need Enterprise; the connection itself is fine without them.
          o.logger.warn({ provider, err: error }, 'custom roles could not be listed');
          const code = error instanceof CompanionError ? error.code : 'unexpected error';
          fields.connectionStatus = `${fields.connectionStatus} Custom roles could not be listed (${code}).`;
        }
      }
    }
    await o.record.write(provider, settings.data.Id, fields);
  };
}
