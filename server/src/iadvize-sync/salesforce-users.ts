import type { Connection } from 'jsforce';
import type { Logger } from '../lib/logger';
import { saveFailures, type SaveResult } from '../salesforce/save-results';
import { chunk, SALESFORCE_ID, soqlList } from '../salesforce/soql';
import { SYNC_USER_FIELDS, syncUserSchema, type SyncUser } from './sync-user';
import type { WaitingNote, WriteBack } from './write-back';

// sObject Collections and a readable IN list both stop at 200 records.
const BATCH = 200;

export interface WriteFailure {
  id: string;
  statusCode: string;
  message: string;
  fields: string[];
}

/** What provisioning needs from Salesforce: batched reads and writes of Users. */
export interface UserGateway {
  readUsers(ids: string[]): Promise<SyncUser[]>;
  /** Users holding any of these operator ids: operator id → user ids. */
  holdersOf(operatorIds: string[]): Promise<Map<string, string[]>>;
  /** Writes back with allOrNone false; returns the records Salesforce refused. */
  writeBack(records: Array<WriteBack | WaitingNote>): Promise<WriteFailure[]>;
}

export class SalesforceUsers implements UserGateway {
  constructor(
    private readonly connection: Connection,
    private readonly logger: Logger,
  ) {}

  async readUsers(ids: string[]): Promise<SyncUser[]> {
    const valid = ids.filter((id) => SALESFORCE_ID.test(id));
    const users: SyncUser[] = [];
    for (const part of chunk(valid, BATCH)) {
      const result = await this.connection.query(
        `SELECT ${SYNC_USER_FIELDS.join(', ')} FROM User WHERE Id IN (${soqlList(part)})`,
      );
      for (const row of result.records) {
        const parsed = syncUserSchema.safeParse(row);
        if (parsed.success) users.push(parsed.data);
        else
          this.logger.error(
            { userId: (row as { Id?: string }).Id, issues: parsed.error.issues },
            'unreadable User row',
          );
      }
    }
    return users;
  }

  async holdersOf(operatorIds: string[]): Promise<Map<string, string[]>> {
    const holders = new Map<string, string[]>();
    for (const part of chunk(operatorIds, BATCH)) {
      const result = await this.connection.query<{ Id: string; IAdvize_Operator_Id__c: string }>(
        `SELECT Id, IAdvize_Operator_Id__c FROM User WHERE IAdvize_Operator_Id__c IN (${soqlList(part)})`,
      );
      for (const row of result.records) {
        holders.set(row.IAdvize_Operator_Id__c, [...(holders.get(row.IAdvize_Operator_Id__c) ?? []), row.Id]);
      }
    }
    return holders;
  }

  async writeBack(records: Array<WriteBack | WaitingNote>): Promise<WriteFailure[]> {
    const failures: WriteFailure[] = [];
    for (const part of chunk(records, BATCH)) {
      const results = (await this.connection
        .sobject('User')
        .update(part as unknown as Array<{ Id: string }>, { allOrNone: false })) as unknown as SaveResult[];
      for (const { index, errors } of saveFailures(results))
        failures.push({ id: part[index].Id, ...errors[0] });
    }
    return failures;
  }
}
