/**
 * Upserts many records of one object through Salesforce Bulk API 2.0 (jsforce `connection.bulk2`).
 *
 * Why and when: Salesforce recommends Bulk API 2.0 for any data operation above about 2,000 records
 * (Salesforce Developer Limits and Allocations, "Bulk API and Bulk API 2.0"); below that, synchronous
 * calls such as sObject Collections are the better fit. Collections take 200 records per request, so
 * n records cost ⌈n/200⌉ API requests (125 for 25,000); one ingest job costs about five (create,
 * upload, close, failed results) plus the status polls, whatever n, and the platform processes it
 * asynchronously in batches of 10,000 records (each counting toward the daily batch allocation, 15,000).
 * Use this for large loads (an initial import, a full resync); keep collections for small, frequent
 * writes, where scheduling and polling a job would only add latency.
 *
 * How: the records are written to CSV as they are read (an async iterable is consumed once and never
 * held in memory; at most the CSV of one upload is buffered by the HTTP client), uploaded in a single
 * request (a job takes exactly one upload), the job is closed and polled until it ends, and then only
 * its failed results are downloaded (the successful ones, one row per record, are never fetched).
 *
 * CSV rules (Bulk API 2.0 "Valid CSV Record Rows"): a value holding a comma, a double quote or a line
 * break is quoted and its quotes doubled; null and '' are written `#N/A`, which sets the field to null
 * (as '' does through the REST API); undefined or a missing key is written empty, which leaves the
 * field as it is; booleans as true/false; Dates as ISO 8601 (UTC).
 */
import { Readable } from 'node:stream';
import type { Connection } from 'jsforce';
import { CompanionError, messageOf } from '../lib/errors';

/** Salesforce takes at most 150 MB of base64-encoded data per upload: about 100 MB of raw CSV. */
export const DEFAULT_MAX_UPLOAD_BYTES = 100 * 1024 * 1024;

type BulkRecord = Record<string, unknown>;

export interface BulkUpsertOptions {
  /** API name of the object, e.g. External_User__c. */
  object: string;
  /** API name of the external id field the records are matched on (always written as a column). */
  externalIdField: string;
  /** The records; an async iterable is read once, as the upload goes. */
  records: AsyncIterable<BulkRecord> | Iterable<BulkRecord>;
  /** The fields to write, in column order; a record's missing key leaves that field unchanged. */
  columns: string[];
  /** Time before the first status check; it doubles after each check, up to maxPollIntervalMs. */
  pollIntervalMs: number;
  /**
   * Longest time between two checks (default 10 s). Every check is an API call: a fixed short
   * interval would spend, on a job Salesforce takes minutes to run, the calls Bulk API saves.
   */
  maxPollIntervalMs?: number;
  /** How long to wait for the job to end before giving up (the job itself keeps running). */
  pollTimeoutMs: number;
  /** Largest CSV to upload (default 100 MB); a larger input aborts the job and throws. */
  maxUploadBytes?: number;
}

export interface BulkUpsertFailure {
  /** The record's external id value, as uploaded. */
  externalId: string;
  /** Salesforce's error, e.g. "DUPLICATE_VALUE:duplicate value found: ...:--". */
  reason: string;
}

export interface BulkUpsertResult {
  /** Records Salesforce processed (numberRecordsProcessed: the failed ones included). */
  processed: number;
  failures: BulkUpsertFailure[];
  /** The ingest job's id ('' when there was no record, so no job was created). */
  jobId: string;
}

/** One value as a CSV field (see the header comment for the rules). */
export function csvValue(value: unknown): string {
  if (value === undefined) return '';
  if (value === null || value === '') return '#N/A';
  let text: string;
  if (typeof value === 'string') text = value;
  else if (typeof value === 'boolean') text = value ? 'true' : 'false';
  else if (typeof value === 'number' || typeof value === 'bigint') {
    if (typeof value === 'number' && !Number.isFinite(value))
      throw new TypeError(`cannot write ${value} to CSV`);
    text = String(value);
  } else if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new TypeError('cannot write an invalid Date to CSV');
    text = value.toISOString();
  } else throw new TypeError(`cannot write a value of type ${typeof value} to CSV`);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV line (LF-terminated) of a record's values for `columns`. */
export function csvLine(record: BulkRecord, columns: string[]): string {
  return columns.map((c) => csvValue(record[c])).join(',') + '\n';
}

interface UploadState {
  rows: number;
  /** The CSV would have grown past maxUploadBytes. */
  overflow: boolean;
  /** Reading the records or writing one failed. */
  error?: unknown;
}

const CHUNK_CHARS = 64 * 1024;

/**
 * The CSV text, in chunks of about 64 KB. It never throws: a problem is recorded in `state` and the
 * stream ends early (an error inside a piped stream would leave the upload request hanging), and the
 * caller aborts the job instead of closing it.
 */
async function* csvChunks(
  first: BulkRecord,
  rest: AsyncIterator<BulkRecord>,
  columns: string[],
  maxBytes: number,
  state: UploadState,
): AsyncGenerator<string> {
  let chunk = columns.map(csvValue).join(',') + '\n';
  let bytes = Buffer.byteLength(chunk);
  try {
    let next: IteratorResult<BulkRecord> = { done: false, value: first };
    while (!next.done) {
      const line = csvLine(next.value, columns);
      bytes += Buffer.byteLength(line);
      if (bytes > maxBytes) {
        state.overflow = true;
        break;
      }
      state.rows++;
      chunk += line;
      if (chunk.length >= CHUNK_CHARS) {
        yield chunk;
        chunk = '';
      }
      next = await rest.next();
    }
  } catch (error) {
    state.error = error;
  }
  if (state.overflow || state.error) await rest.return?.();
  if (chunk !== '') yield chunk;
}

function iteratorOf(records: AsyncIterable<BulkRecord> | Iterable<BulkRecord>): AsyncIterator<BulkRecord> {
  if (Symbol.asyncIterator in records) return records[Symbol.asyncIterator]();
  const sync = records[Symbol.iterator]();
  return {
    next: async () => sync.next(),
    return: async () => sync.return?.() ?? { done: true, value: undefined },
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const failed = (detail: string, cause?: unknown) =>
  new CompanionError('SALESFORCE_BULK_FAILED', detail, cause === undefined ? undefined : { cause });

type IngestJob = ReturnType<Connection['bulk2']['createJob']>;
type JobInfo = Awaited<ReturnType<IngestJob['check']>>;

async function abortQuietly(job: IngestJob): Promise<void> {
  try {
    await job.abort();
  } catch {
    // The job may already be gone or closed; the caller's error is the one worth reporting.
  }
}

export const DEFAULT_MAX_POLL_INTERVAL_MS = 10_000;

/** Polls the job, backing off, until it is JobComplete, Failed or Aborted; throws after `timeoutMs`. */
async function waitForEnd(
  job: IngestJob,
  firstIntervalMs: number,
  maxIntervalMs: number,
  timeoutMs: number,
): Promise<JobInfo> {
  const deadline = Date.now() + timeoutMs;
  let intervalMs = firstIntervalMs;
  for (;;) {
    let info: JobInfo;
    try {
      info = await job.check();
    } catch (error) {
      throw failed(`job ${job.id}: cannot read its state: ${messageOf(error)}`, error);
    }
    if (info.state === 'JobComplete' || info.state === 'Failed' || info.state === 'Aborted') return info;
    if (Date.now() + intervalMs > deadline) {
      throw failed(
        `job ${job.id} is still ${info.state} after ${timeoutMs} ms (${info.numberRecordsProcessed} records processed); it keeps running in Salesforce`,
      );
    }
    await sleep(intervalMs);
    intervalMs = Math.min(intervalMs * 2, Math.max(maxIntervalMs, firstIntervalMs));
  }
}

/**
 * Upserts `records` into `object` by `externalIdField` in one Bulk API 2.0 ingest job. Per-record
 * failures are returned; a job that ends Failed or Aborted (or cannot be created, uploaded or followed)
 * throws CompanionError SALESFORCE_BULK_FAILED with the job's errorMessage. An error thrown by the
 * records iterable (or a value that cannot be written as CSV) aborts the job and is rethrown as is.
 */
export async function bulkUpsert(
  connection: Connection,
  options: BulkUpsertOptions,
): Promise<BulkUpsertResult> {
  const { object, externalIdField, pollIntervalMs, pollTimeoutMs } = options;
  const maxBytes = options.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_BYTES;
  if (!(pollIntervalMs > 0 && pollTimeoutMs > 0 && maxBytes > 0)) {
    throw new RangeError('pollIntervalMs, pollTimeoutMs and maxUploadBytes must be positive');
  }
  const seen = new Set<string>();
  for (const c of options.columns) {
    if (seen.has(c.toLowerCase())) throw new RangeError(`column ${c} is listed twice`);
    seen.add(c.toLowerCase());
  }
  // The external id is always a column: Salesforce matches on it and the failures are reported by it.
  const extColumn = options.columns.find((c) => c.toLowerCase() === externalIdField.toLowerCase());
  const columns = extColumn ? options.columns : [externalIdField, ...options.columns];
  const extKey = extColumn ?? externalIdField;

  const records = iteratorOf(options.records);
  const first = await records.next();
  if (first.done) return { processed: 0, failures: [], jobId: '' };

  const job = connection.bulk2.createJob({
    object,
    operation: 'upsert',
    externalIdFieldName: externalIdField,
    contentType: 'CSV',
    lineEnding: 'LF',
    columnDelimiter: 'COMMA',
  });
  try {
    await job.open();
  } catch (error) {
    await records.return?.();
    throw failed(`cannot create the ${object} upsert job: ${messageOf(error)}`, error);
  }

  const state: UploadState = { rows: 0, overflow: false };
  try {
    const csv = Readable.from(csvChunks(first.value, records, columns, maxBytes, state), {
      objectMode: false,
    });
    await job.uploadData(csv);
  } catch (error) {
    await abortQuietly(job);
    throw failed(`job ${job.id}: the upload was refused: ${messageOf(error)}`, error);
  }
  if (state.error !== undefined || state.overflow) {
    // The partial upload is thrown away with the job.
    await abortQuietly(job);
    if (state.error !== undefined) throw state.error;
    throw failed(
      `job ${job.id}: the CSV would exceed ${maxBytes} bytes after ${state.rows} records; upload fewer records per job`,
    );
  }
  try {
    await job.close();
  } catch (error) {
    await abortQuietly(job);
    throw failed(`job ${job.id}: cannot close it: ${messageOf(error)}`, error);
  }

  const info = await waitForEnd(
    job,
    pollIntervalMs,
    options.maxPollIntervalMs ?? DEFAULT_MAX_POLL_INTERVAL_MS,
    pollTimeoutMs,
  );
  if (info.state !== 'JobComplete') {
    const reason = info.errorMessage ? `: ${info.errorMessage}` : '';
    throw failed(
      `job ${job.id} ended ${info.state}${reason} (${info.numberRecordsProcessed} of ${state.rows} records processed)`,
    );
  }

  let rows: Array<Record<string, string>> = [];
  if (info.numberRecordsFailed > 0) {
    try {
      rows = (await job.getFailedResults()) as unknown as Array<Record<string, string>>;
    } catch (error) {
      throw failed(`job ${job.id}: cannot read its failed results: ${messageOf(error)}`, error);
    }
  }
  const failures = rows.map((row) => ({ externalId: row[extKey] ?? '', reason: row.sf__Error ?? '' }));
  return { processed: info.numberRecordsProcessed, failures, jobId: job.id };
}
