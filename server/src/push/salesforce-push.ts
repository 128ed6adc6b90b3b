/**
 * The push's reads and writes in Salesforce: the push records and their mappings, the User describe,
 * the segment page by page, the push runs, and what the companion tells the admin on the push record
 * and on the Zendesk settings record (the account's user fields, for the mapping picker).
 */
import type { Connection } from 'jsforce';
import { z } from 'zod';
import type { SaveResult } from '../salesforce/save-results';
import { SalesforceUpdates, type UpdatePublisher } from '../salesforce/update-events';
import { SALESFORCE_ID, soqlString } from '../salesforce/soql';
import type { ZendeskUserField } from '../sources/zendesk/push-types';
import { parseUserFieldsJson } from './custom-fields';
import { MAPPING_FIELDS, PUSH_FIELDS } from './settings';
import type { PushCounts, UserField, UserProblem } from './types';

export type PushTrigger = 'Enable' | 'Schedule' | 'Manual' | 'Preview';
export type PushRunStatus = 'Running' | 'Succeeded' | 'Failed' | 'Skipped' | 'Preview';

/** What the companion writes on a push record. */
export interface PushRecordStatus {
  lastRun?: Date;
  nextRun?: Date | null;
  /** Next_Runs__c: the next three activation times, in words (jobs/schedule.ts). */
  nextRuns?: string | null;
  /** The companion's last word on the settings or a run; null clears it. */
  statusMessage?: string | null;
  /** A lasting fact about the Zendesk account (no bulk imports); null clears it. */
  notice?: string | null;
  /** How many users the segment matched, and the SHA-256 of the segment text it was counted for. */
  segmentCount?: { count: number; segmentHash: string };
}

export interface PushRunFields {
  status: PushRunStatus;
  counts?: PushCounts;
  message?: string;
  problems?: UserProblem[];
  /** Preview: JSON of what would be sent. */
  sample?: string;
}

const TEXT_255 = 255;
const LONG_TEXT = 131_072;
const describeSchema = z.object({
  fields: z.array(
    z.looseObject({
      name: z.string(),
      label: z.string(),
      type: z.string(),
      filterable: z.boolean().optional(),
      scale: z.number().optional(),
      picklistValues: z.array(z.object({ value: z.string(), active: z.boolean().optional() })).optional(),
    }),
  ),
});

/** `005…  (Ada Lovelace): reason [CODE]`, one per line, as the run's Errors__c holds them. */
export const problemLine = (p: UserProblem): string => `${p.userId} (${p.label}): ${p.reason} [${p.code}]`;

/**
 * Every write to a push record or a push run is announced (User_Sync_Update__e, kind PUSH), so the
 * Push tab refreshes without a reload.
 */
export class SalesforcePushes {
  private readonly updates: UpdatePublisher;

  constructor(
    private readonly connection: Connection,
    updates?: UpdatePublisher,
  ) {
    this.updates = updates ?? new SalesforceUpdates(connection);
  }

  /** Every push record's Id (the scheduler plans each). */
  async pushIds(): Promise<string[]> {
    const result = await this.connection.query<{ Id: string }>(
      'SELECT Id FROM User_Sync_Push__c ORDER BY Id',
    );
    return result.records.map((r) => r.Id);
  }

  /** A push record and its mappings, raw (settings.ts reads them); undefined once deleted. */
  async readPush(pushId: string): Promise<{ record: unknown; mappings: unknown[] } | undefined> {
    if (!SALESFORCE_ID.test(pushId)) return undefined;
    const id = soqlString(pushId);
    const push = await this.connection.query(
      `SELECT ${PUSH_FIELDS.join(', ')} FROM User_Sync_Push__c WHERE Id = ${id}`,
    );
    if (!push.records[0]) return undefined;
    const mappings = await this.connection.query(
      `SELECT ${MAPPING_FIELDS.join(', ')} FROM User_Sync_Push_Mapping__c WHERE Push__c = ${id} ORDER BY Id`,
    );
    return { record: push.records[0], mappings: mappings.records };
  }

  /** User's fields by lower-cased API name. */
  async describeUser(): Promise<Map<string, UserField>> {
    const parsed = describeSchema.parse(await this.connection.sobject('User').describe());
    return new Map(
      parsed.fields.map((f) => [
        f.name.toLowerCase(),
        {
          name: f.name,
          label: f.label,
          type: f.type,
          filterable: f.filterable !== false,
          scale: f.scale ?? 0,
          picklistValues: (f.picklistValues ?? []).filter((v) => v.active !== false).map((v) => v.value),
        },
      ]),
    );
  }

  /** How many users a checked clause matches. */
  async countSegment(clause: string): Promise<number> {
    return (await this.connection.query(`SELECT COUNT() FROM User WHERE ${clause}`)).totalSize;
  }

  /**
   * The segment's users, one page of up to 2,000 at a time, in Id order. `clause` must come from
   * segment.ts and `fields` from the describe: nothing else reaches this query.
   */
  async *segmentPages(
    clause: string,
    fields: readonly string[],
  ): AsyncGenerator<Array<Record<string, unknown>>> {
    const soql = `SELECT ${fields.join(', ')} FROM User WHERE ${clause} ORDER BY Id`;
    let page = await this.connection.query<Record<string, unknown>>(soql, { autoFetch: false });
    for (;;) {
      yield page.records;
      if (page.done || !page.nextRecordsUrl) return;
      page = await this.connection.queryMore(page.nextRecordsUrl);
    }
  }

  async writePush(pushId: string, status: PushRecordStatus): Promise<void> {
    await this.connection.sobject('User_Sync_Push__c').update({
      Id: pushId,
      ...(status.lastRun && { Last_Run__c: status.lastRun.toISOString() }),
      ...(status.nextRun !== undefined && { Next_Run__c: status.nextRun?.toISOString() ?? null }),
      ...(status.nextRuns !== undefined && { Next_Runs__c: status.nextRuns?.slice(0, TEXT_255) ?? null }),
      ...(status.statusMessage !== undefined && {
        Status_Message__c: status.statusMessage?.slice(0, TEXT_255) ?? null,
      }),
      ...(status.notice !== undefined && { Notice__c: status.notice?.slice(0, TEXT_255) ?? null }),
      ...(status.segmentCount && {
        Segment_Count__c: status.segmentCount.count,
        Segment_Checked__c: status.segmentCount.segmentHash,
      }),
    });
    await this.updates.announce('zendesk', 'PUSH', pushId);
  }

  async startRun(pushId: string, trigger: PushTrigger, at: Date): Promise<string> {
    const result = (await this.connection.sobject('User_Sync_Push_Run__c').create({
      Push__c: pushId,
      Trigger__c: trigger,
      Status__c: 'Running',
      Started_At__c: at.toISOString(),
    })) as unknown as SaveResult;
    if (!result.success || !result.id)
      throw new Error(`could not record the push run: ${result.errors.map((e) => e.message).join('; ')}`);
    await this.updates.announce('zendesk', 'PUSH', result.id);
    return result.id;
  }

  async finishRun(runId: string, f: PushRunFields, at: Date): Promise<void> {
    const c = f.counts;
    await this.connection.sobject('User_Sync_Push_Run__c').update({
      Id: runId,
      Status__c: f.status,
      Ended_At__c: at.toISOString(),
      ...(c && {
        In_Segment_Count__c: c.inSegment,
        Inserted_Count__c: c.inserted,
        Updated_Count__c: c.updated,
        Unchanged_Count__c: c.unchanged,
        Not_In_Zendesk_Count__c: c.notInZendesk,
        Failed_Count__c: c.failed,
      }),
      Message__c: f.message?.slice(0, 32_000) ?? null,
      Errors__c: f.problems?.length ? f.problems.map(problemLine).join('\n').slice(0, LONG_TEXT) : null,
      ...(f.sample !== undefined && { Sample__c: f.sample.slice(0, LONG_TEXT) }),
    });
    await this.updates.announce('zendesk', 'PUSH', runId);
  }

  /** The Zendesk settings record's subdomain and Id (the push writes to that account). */
  async zendeskAccount(): Promise<{ recordId: string; subdomain: string | null } | undefined> {
    const result = await this.connection.query<{ Id: string; Zendesk_Subdomain__c: string | null }>(
      "SELECT Id, Zendesk_Subdomain__c FROM User_Sync_Source__c WHERE Source__c = 'zendesk' LIMIT 1",
    );
    const r = result.records[0];
    return r ? { recordId: r.Id, subdomain: r.Zendesk_Subdomain__c } : undefined;
  }

  /**
   * The Zendesk user fields as the companion last wrote them on the Zendesk settings record (on
   * connect, and after a push that talked to Zendesk): what an activation starts from, so that an
   * unchanged segment costs no Zendesk call at all.
   */
  async cachedUserFields(): Promise<ZendeskUserField[]> {
    const result = await this.connection.query<{ Zendesk_User_Fields__c: string | null }>(
      "SELECT Zendesk_User_Fields__c FROM User_Sync_Source__c WHERE Source__c = 'zendesk' LIMIT 1",
    );
    return parseUserFieldsJson(result.records[0]?.Zendesk_User_Fields__c ?? null);
  }

  /** Zendesk's custom user fields as JSON `[{key, title, type, options}]`, for the mapping picker. */
  async writeZendeskUserFields(recordId: string, json: string): Promise<void> {
    await this.connection
      .sobject('User_Sync_Source__c')
      .update({ Id: recordId, Zendesk_User_Fields__c: json });
  }
}
