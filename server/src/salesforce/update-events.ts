/**
 * User_Sync_Update__e: how the User Sync app learns, without a reload, that the companion changed
 * something it shows. CONNECTION: a source's settings record (connect link, connection, schedule,
 * messages); RUN: a run record (created, progressing, finished, confirmed or superseded). The app
 * subscribes with lightning/empApi and reads the record again; the event carries no data of its own.
 * Publishing is best effort: a change is never undone because its announcement failed, and an app
 * that missed it sees the change at its next refresh.
 */
import type { Connection } from 'jsforce';
import { messageOf } from '../lib/errors';
import { silentLogger, type Logger } from '../lib/logger';

export type UpdateKind = 'CONNECTION' | 'RUN';

export interface UpdatePublisher {
  announce(source: string, kind: UpdateKind, recordId: string): Promise<void>;
}

export class SalesforceUpdates implements UpdatePublisher {
  constructor(
    private readonly connection: Connection,
    private readonly logger: Logger = silentLogger(),
  ) {}

  async announce(source: string, kind: UpdateKind, recordId: string): Promise<void> {
    try {
      await this.connection
        .sobject('User_Sync_Update__e')
        .create({ Source__c: source, Kind__c: kind, Record_Id__c: recordId });
    } catch (error) {
      this.logger.warn({ source, kind, reason: messageOf(error) }, 'update event not published');
    }
  }
}
