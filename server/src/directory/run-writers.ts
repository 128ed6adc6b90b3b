import { BatchWriter } from '../lib/batch-writer';
import { mapLimit } from '../lib/map-limit';
import { chunk } from '../salesforce/soql';
import type { Step } from './reconciler';
import type { SalesforceDirectory } from './salesforce-directory';
import type { SampleCollector } from './run-sample';
import type { RecordError, RowPatch, UserUpdate } from './types';

/** sObject Collections: 200 records per call, two calls in flight. */
const COLLECTION_SIZE = 200;
const CALLS_IN_FLIGHT = 2;
/**
 * Bulk API 2.0 for large runs only. The first 20,000 rows of a run go through collections as the
 * listing goes (at most 100 calls, a tenth of a percent of the smallest daily API allocation, and
 * every record's result at once). Past that, rows go in jobs of 10,000 (a job of up to 10,000 rows
 * uses one of the 15,000 daily Bulk batches; one job, about 6 to 10 calls, replaces 50). What is
 * left at the end goes by collections when under 2,000 rows, Salesforce's own threshold for Bulk
 * API. A first import of 100,000 users costs about 150 calls instead of 500.
 */
export interface WritePolicy {
  bulkAfterRows: number;
  bulkJobRows: number;
  bulkMinRows: number;
}
export const WRITE_POLICY: WritePolicy = { bulkAfterRows: 20_000, bulkJobRows: 10_000, bulkMinRows: 2_000 };

/** The writers of a run; a dry run's only count what they would have sent. */
export function writers(
  options: {
    directory: Pick<SalesforceDirectory, 'upsertRows' | 'upsertRowsInBulk' | 'updateUsers'>;
    dryRun?: boolean;
    writePolicy?: WritePolicy;
  },
  sample: SampleCollector,
) {
  const { directory, dryRun } = options;
  const policy = options.writePolicy ?? WRITE_POLICY;
  const upsert = (part: RowPatch[]) => directory.upsertRows(part);
  const collections = async (batch: RowPatch[]) =>
    (await mapLimit(chunk(batch, COLLECTION_SIZE), CALLS_IN_FLIGHT, upsert)).flat();
  const writer = <T>(size: number, write: (batch: T[]) => Promise<RecordError[]>) =>
    new BatchWriter<T, RecordError>({
      size,
      maxInFlight: CALLS_IN_FLIGHT,
      write: dryRun ? async () => [] : write,
    });
  const rows = writer<RowPatch>(COLLECTION_SIZE, upsert);
  const bulkRows = writer<RowPatch>(policy.bulkJobRows, (batch) =>
    batch.length >= policy.bulkMinRows ? directory.upsertRowsInBulk(batch) : collections(batch),
  );
  const users = writer<UserUpdate>(COLLECTION_SIZE, (batch) => directory.updateUsers(batch));
  const all = [rows, bulkRows, users];
  let routed = 0;
  return {
    get rowsSent(): number {
      return rows.sent + bulkRows.sent;
    },
    async add(step: Step): Promise<void> {
      sample.add(step.writes);
      routed += step.writes.length;
      await (routed <= policy.bulkAfterRows ? rows : bulkRows).add(step.writes.map((w) => w.row));
      await users.add(step.userUpdates);
    },
    async drain(): Promise<RecordError[]> {
      const failures: RecordError[] = [];
      for (const w of all) failures.push(...(await w.drain()));
      return failures;
    },
    async settle(): Promise<void> {
      await Promise.all(all.map((w) => w.settle()));
    },
  };
}
