import type { Connection } from 'jsforce';
import { z } from 'zod';
import { connectionUpdate, type ConnectionFields } from '../connect/settings-record';
import { bulkUpsert } from '../salesforce/bulk-upsert';
import { saveFailures, type SaveResult } from '../salesforce/save-results';
import { SalesforceUpdates, type UpdatePublisher } from '../salesforce/update-events';
import type { FieldDescription } from './match-field';
import { RunRecords } from './run-records';
import { chunk, soqlList, soqlString } from '../salesforce/soql';
import type { IndexInput } from './directory-index';
import { sourceKeyOf } from './reconcile';
import { SOURCE_SETTINGS_FIELDS } from './source-settings';
import {
  SOURCE_LABEL,
  type RecordError,
  type RowPatch,
  type RowWrite,
  type SalesforceUser,
  type SourceName,
  type UserUpdate,
} from './types';

const BATCH = 200;
const DESCRIBE_TTL_MS = 10 * 60_000;
// The User field to match was checked against the describe before the run (match-field.ts); this
// is the last line of defence: only an API name may reach a query.
const FIELD_NAME = /^[A-Za-z][A-Za-z0-9_]{0,79}$/;
function matchFieldOf(matchField: string | null): string {
  if (!matchField) return 'Email';
  if (!FIELD_NAME.test(matchField)) throw new Error(`"${matchField}" is not a field name`);
  return matchField;
}

function toSalesforceUser(raw: Record<string, unknown>, field: string): SalesforceUser {
  const u = userSchema.parse(raw);
  const match = raw[field];
  return {
    id: u.Id,
    email: u.Email,
    matchValue: typeof match === 'string' ? match : match == null ? null : String(match),
    isActive: u.IsActive,
  };
}

// What a run needs of an existing row (directory-index.ts): not the whole row.
const rowSchema = z.object({
  Source_Key__c: z.string(),
  Name: z.string(),
  Status__c: z.enum(['Pending', 'Active', 'Deactivated']),
  Status_Before_Deactivation__c: z.enum(['Pending', 'Active']).nullable(),
  User__c: z.string().nullable(),
  Payload_Hash__c: z.string().nullable(),
});
const ROW_FIELDS = Object.keys(rowSchema.shape).join(', ');

function toIndexInput(r: z.infer<typeof rowSchema>): IndexInput {
  return {
    sourceKey: r.Source_Key__c,
    name: r.Name,
    status: r.Status__c,
    statusBeforeDeactivation: r.Status_Before_Deactivation__c,
    userId: r.User__c,
    payloadHash: r.Payload_Hash__c,
  };
}

// Every field a run writes, in CSV column order; a patch's missing field is left as it is.
const ROW_COLUMNS: Array<keyof RowWrite> = [
  'Source_Key__c',
  'Name',
  'Source__c',
  'Source_User_Id__c',
  'Email__c',
  'Primary_Identifier__c',
  'Role__c',
  'Status__c',
  'Status_Before_Deactivation__c',
  'User__c',
  'Last_Seen__c',
  'Deactivated_At__c',
  'Deactivation_Reason__c',
  'Payload_Hash__c',
];

const userSchema = z.looseObject({ Id: z.string(), Email: z.string().nullable(), IsActive: z.boolean() });

/** The directory's reads and writes in Salesforce: batched, 200 records per call. */
export class SalesforceDirectory {
  readonly runs: RunRecords;
  private readonly updates: UpdatePublisher;
  private userDescribe?: { at: number; fields: FieldDescription[] };

  /** `updates` announces its writes to the User Sync app; by default on the same connection. */
  constructor(
    private readonly connection: Connection,
    updates?: UpdatePublisher,
  ) {
    this.updates = updates ?? new SalesforceUpdates(connection);
    this.runs = new RunRecords(connection, this.updates);
  }

  /** The User object's fields (describe), kept ten minutes: fields change with deployments, not runs. */
  async userFields(): Promise<FieldDescription[]> {
    const now = Date.now();
    if (!this.userDescribe || now - this.userDescribe.at > DESCRIBE_TTL_MS) {
      const described = await this.connection.sobject('User').describe();
      const fields = described.fields.map((f) => ({ name: f.name, type: f.type, filterable: f.filterable }));
      this.userDescribe = { at: now, fields };
    }
    return this.userDescribe.fields;
  }

  /** The settings record of a source (raw, for parseSourceConfiguration), if an admin created it. */
  async readSettings(source: SourceName): Promise<unknown | undefined> {
    const result = await this.connection.query(
      `SELECT ${SOURCE_SETTINGS_FIELDS.join(', ')} FROM User_Sync_Source__c WHERE Source__c = ${soqlString(source)} LIMIT 1`,
    );
    return result.records[0];
  }

  /**
   * What the companion writes on a settings record: run times and connection state (the connection
   * fields mapped by connect/settings-record, the one place that knows them).
   */
  async writeSourceStatus(
    source: SourceName,
    recordId: string,
    status: {
      lastRun?: Date;
      nextRun?: Date | null;
      /** Next_Runs__c: the next three run times, in words (jobs/schedule.ts). */
      nextRuns?: string | null;
      syncMessage?: string | null;
    } & Pick<ConnectionFields, 'connectionStatus' | 'customRoles'>,
  ): Promise<void> {
    await this.connection.sobject('User_Sync_Source__c').update({
      ...(connectionUpdate(recordId, status) as { Id: string }),
      ...(status.lastRun && { Last_Run__c: status.lastRun.toISOString() }),
      ...(status.nextRun !== undefined && { Next_Run__c: status.nextRun?.toISOString() ?? null }),
      ...(status.nextRuns !== undefined && { Next_Runs__c: status.nextRuns?.slice(0, 255) ?? null }),
      ...(status.syncMessage !== undefined && { Sync_Message__c: status.syncMessage?.slice(0, 255) ?? null }),
    });
    await this.updates.announce(source, 'CONNECTION', recordId);
  }

  /**
   * Every row of a source, one page of up to 2,000 at a time. Pages are fetched with queryMore and
   * dropped once consumed: jsforce's autoFetch would keep its own copy of every row.
   */
  async *readRowPages(source: SourceName): AsyncGenerator<IndexInput[]> {
    const soql = `SELECT ${ROW_FIELDS} FROM External_User__c WHERE Source__c = ${soqlString(SOURCE_LABEL[source])}`;
    let page = await this.connection.query(soql, { autoFetch: false });
    for (;;) {
      yield page.records.map((raw) => toIndexInput(rowSchema.parse(raw)));
      if (page.done || !page.nextRecordsUrl) return;
      page = await this.connection.queryMore(page.nextRecordsUrl);
    }
  }

  /**
   * Every active internal user, when there are at most `limit` of them (read in ⌈n/2000⌉ calls), so
   * that matching costs no call per source user; undefined when there are more (the run then looks
   * users up by value, page by page). Partner and customer portal users are never team members.
   */
  async readActiveUsers(matchField: string | null, limit: number): Promise<SalesforceUser[] | undefined> {
    const field = matchFieldOf(matchField);
    const select = field === 'Email' ? 'Id, Email, IsActive' : `Id, Email, IsActive, ${field}`;
    let page = await this.connection.query<Record<string, unknown>>(
      `SELECT ${select} FROM User WHERE IsActive = true AND UserType = 'Standard'`,
      { autoFetch: false },
    );
    if (page.totalSize > limit) return undefined;
    const users: SalesforceUser[] = [];
    for (;;) {
      for (const raw of page.records) users.push(toSalesforceUser(raw, field));
      if (page.done || !page.nextRecordsUrl) return users;
      page = await this.connection.queryMore(page.nextRecordsUrl);
    }
  }

  /** Salesforce users that could match: by email, or by the chosen User field. */
  async readMatchCandidates(
    emails: string[],
    identifiers: string[],
    matchField: string | null,
  ): Promise<SalesforceUser[]> {
    const field = matchFieldOf(matchField);
    const found = new Map<string, SalesforceUser>();
    // Matching on Email (the default) folds the identifiers into the email lookup: one query per 200.
    const lookups: Array<[string, string[]]> =
      field === 'Email'
        ? [['Email', [...emails, ...identifiers]]]
        : [
            ['Email', emails],
            [field, identifiers],
          ];
    const select = field === 'Email' ? 'Id, Email, IsActive' : `Id, Email, IsActive, ${field}`;
    for (const [column, values] of lookups) {
      for (const part of chunk([...new Set(values.map((v) => v.toLowerCase()))], BATCH)) {
        const result = await this.connection.query<Record<string, unknown>>(
          `SELECT ${select} FROM User WHERE ${column} IN (${soqlList(part)})`,
        );
        for (const raw of result.records) {
          const user = toSalesforceUser(raw, field);
          found.set(user.id, user);
        }
      }
    }
    return [...found.values()];
  }

  async upsertRows(rows: RowPatch[]): Promise<RecordError[]> {
    const failures: RecordError[] = [];
    for (const part of chunk(rows, BATCH)) {
      const results = (await this.connection
        .sobject('External_User__c')
        .upsert(part as unknown as Array<Record<string, unknown>>, 'Source_Key__c', {
          allOrNone: false,
        })) as unknown as SaveResult | SaveResult[];
      for (const { index, errors } of saveFailures(results)) {
        failures.push({
          sourceKey: part[index].Source_Key__c,
          reason: errors.map((e) => `${e.statusCode}: ${e.message}`).join('; '),
        });
      }
    }
    return failures;
  }

  /**
   * The same upsert through one Bulk API 2.0 job (salesforce/bulk-upsert.ts): for runs that write
   * thousands of rows, where one job replaces dozens of collections calls.
   */
  async upsertRowsInBulk(rows: RowPatch[]): Promise<RecordError[]> {
    const result = await bulkUpsert(this.connection, {
      object: 'External_User__c',
      externalIdField: 'Source_Key__c',
      records: rows,
      columns: ROW_COLUMNS,
      pollIntervalMs: 100,
      pollTimeoutMs: 30 * 60_000,
    });
    return result.failures.map((f) => ({ sourceKey: f.externalId, reason: f.reason }));
  }

  async updateUsers(updates: UserUpdate[]): Promise<RecordError[]> {
    const failures: RecordError[] = [];
    for (const part of chunk(updates, BATCH)) {
      const results = (await this.connection
        .sobject('User')
        .update(part as unknown as Array<{ Id: string }>, { allOrNone: false })) as unknown as
        SaveResult | SaveResult[];
      for (const { index, errors } of saveFailures(results)) {
        failures.push({
          sourceKey: `user:${part[index].Id}`,
          reason: errors.map((e) => e.message).join('; '),
        });
      }
    }
    return failures;
  }
}

export { sourceKeyOf };
