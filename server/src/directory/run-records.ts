/**
 * User_Sync_Run__c, as the companion writes it: created Running, its progress while it lists, its
 * outcome, and later Confirmed or Superseded. Every change is announced to the User Sync app
 * (User_Sync_Update__e, kind RUN) so that the Runs tab follows it live.
 */
import type { Connection } from 'jsforce';
import type { SaveResult } from '../salesforce/save-results';
import type { UpdatePublisher } from '../salesforce/update-events';
import type { RunSample } from './run-sample';
import type { RecordError, SourceName } from './types';

export type RunTrigger = 'Enable' | 'Schedule' | 'Manual' | 'Preview';

export interface RunFields {
  status: 'Succeeded' | 'Failed' | 'Held' | 'Skipped' | 'Preview';
  counts?: Record<string, number>;
  message?: string;
  errors?: RecordError[];
  sample?: RunSample;
  listed?: number;
}

const countField = (name: string) => `${name[0].toUpperCase()}${name.slice(1)}_Count__c`;

/** The fields of a finished run record (pure, for tests and for the one update call). */
export function finishedRun(
  runId: string,
  fields: RunFields,
  endedAt: Date,
): { Id: string } & Record<string, unknown> {
  return {
    Id: runId,
    Status__c: fields.status,
    Ended_At__c: endedAt.toISOString(),
    ...Object.fromEntries(Object.entries(fields.counts ?? {}).map(([k, v]) => [countField(k), v])),
    ...(fields.listed !== undefined && { Listed_Count__c: fields.listed }),
    Message__c: fields.message?.slice(0, 32_000) ?? null,
    Errors__c: fields.errors?.length
      ? fields.errors
          .map((e) => `${e.sourceKey}: ${e.reason}`)
          .join('\n')
          .slice(0, 131_000)
      : null,
    ...(fields.sample && { Sample__c: JSON.stringify(fields.sample).slice(0, 131_000) }),
  };
}

export class RunRecords {
  constructor(
    private readonly connection: Connection,
    private readonly updates: UpdatePublisher,
  ) {}

  async start(
    source: SourceName,
    trigger: RunTrigger,
    startedAt: Date,
    links: { confirmsRunId?: string } = {},
  ): Promise<string> {
    const result = (await this.connection.sobject('User_Sync_Run__c').create({
      Source__c: source,
      Trigger__c: trigger,
      Status__c: 'Running',
      Started_At__c: startedAt.toISOString(),
      Listed_Count__c: 0,
      ...(links.confirmsRunId && { Confirms_Run__c: links.confirmsRunId }),
    })) as unknown as SaveResult;
    if (!result.success || !result.id)
      throw new Error(`could not record the run: ${result.errors.map((e) => e.message).join('; ')}`);
    await this.updates.announce(source, 'RUN', result.id);
    return result.id;
  }

  /** How many users the run has listed so far: the live progress the Runs tab shows. */
  async progress(source: SourceName, runId: string, listed: number): Promise<void> {
    await this.connection.sobject('User_Sync_Run__c').update({ Id: runId, Listed_Count__c: listed });
    await this.updates.announce(source, 'RUN', runId);
  }

  async finish(source: SourceName, runId: string, fields: RunFields, endedAt: Date): Promise<void> {
    await this.connection.sobject('User_Sync_Run__c').update(finishedRun(runId, fields, endedAt));
    await this.updates.announce(source, 'RUN', runId);
  }

  /** A run's status and message after the fact: a held run Confirmed or Superseded. */
  async mark(
    source: SourceName,
    runId: string,
    fields: { status: 'Confirmed' | 'Superseded'; message: string },
  ): Promise<void> {
    await this.connection
      .sobject('User_Sync_Run__c')
      .update({ Id: runId, Status__c: fields.status, Message__c: fields.message });
    await this.updates.announce(source, 'RUN', runId);
  }
}
