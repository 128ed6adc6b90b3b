/**
 * The connection fields of a `User_Sync_Source__c` record: the connect link and its expiry, the
 * connection status and Zendesk's custom roles. One update per call, so an admin never sees a new
 * link next to an old status. (Run times and run statuses are SalesforceDirectory's.)
 */
import type { Connection } from 'jsforce';
import { saveFailures, type SaveResult } from '../salesforce/save-results';
import { SalesforceUpdates, type UpdatePublisher } from '../salesforce/update-events';
import type { Provider } from './types';

export interface ConnectionFields {
  connectionStatus?: string;
  /** A new link, or null to clear it (used, refused or superseded). */
  link?: { url: string; expiresAt: Date } | null;
  /** JSON list of `{ id, name }`, for the role picker. */
  customRoles?: string;
}

/** Connection_Status__c is a 255-character text field. */
const STATUS_LENGTH = 255;

export function connectionUpdate(recordId: string, f: ConnectionFields): Record<string, unknown> {
  return {
    Id: recordId,
    ...(f.connectionStatus !== undefined && {
      Connection_Status__c: f.connectionStatus.slice(0, STATUS_LENGTH),
    }),
    ...(f.link !== undefined && {
      Connect_Link__c: f.link?.url ?? null,
      Connect_Link_Expires__c: f.link?.expiresAt.toISOString() ?? null,
    }),
    ...(f.customRoles !== undefined && { Available_Custom_Roles__c: f.customRoles }),
  };
}

export interface ConnectionRecordWriter {
  write(source: Provider, recordId: string, fields: ConnectionFields): Promise<void>;
}

/** Writes the connection fields, then announces them to the User Sync app (kind CONNECTION). */
export class SalesforceConnectionRecord implements ConnectionRecordWriter {
  private readonly updates: UpdatePublisher;

  constructor(
    private readonly connection: Connection,
    updates?: UpdatePublisher,
  ) {
    this.updates = updates ?? new SalesforceUpdates(connection);
  }

  /** Throws when Salesforce refuses the update: the caller decides whether that is fatal. */
  async write(source: Provider, recordId: string, fields: ConnectionFields): Promise<void> {
    const result = (await this.connection
      .sobject('User_Sync_Source__c')
      .update(connectionUpdate(recordId, fields) as { Id: string })) as unknown as SaveResult;
    const [failure] = saveFailures(result);
    if (failure)
      throw new Error(
        `User_Sync_Source__c ${recordId} not updated: ${failure.errors.map((e) => `${e.statusCode}: ${e.message}`).join('; ')}`,
      );
    await this.updates.announce(source, 'CONNECTION', recordId);
  }
}
