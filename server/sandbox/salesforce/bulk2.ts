/**
 * Bulk API 2.0 ingest jobs (Bulk API 2.0 and Bulk API Developer Guide, "Bulk API 2.0 Ingest"):
 *   POST   /jobs/ingest                          create a job (state Open), JSON job info
 *   PUT    /jobs/ingest/{id}/batches             upload the CSV data (text/csv), 201; once per job
 *   PATCH  /jobs/ingest/{id}                     {state: UploadComplete | Aborted}
 *   GET    /jobs/ingest/{id}                     job info (state, numberRecordsProcessed/Failed, errorMessage)
 *   GET    /jobs/ingest                          all jobs (done, records, nextRecordsUrl; 1,000 a page)
 *   DELETE /jobs/ingest/{id}                     204 (UploadComplete, JobComplete, Aborted or Failed jobs)
 *   GET    /jobs/ingest/{id}/successfulResults/  CSV "sf__Id","sf__Created",<uploaded columns>
 *   GET    /jobs/ingest/{id}/failedResults/      CSV "sf__Id","sf__Error",<uploaded columns>
 *   GET    /jobs/ingest/{id}/unprocessedrecords/ CSV <uploaded columns>
 *
 * Documented behaviour simulated here: insert, update, upsert (externalIdFieldName required) and delete;
 * CSV only, six column delimiters, LF or CRLF line endings; one upload per job of at most 150 MB of
 * base64-encoded content; processing starts at UploadComplete and runs asynchronously
 * (UploadComplete -> InProgress -> JobComplete, or Failed); the data is split into batches of 10,000
 * records, each counting toward the daily batch allocation shared with Bulk API (15,000); a record's
 * failure does not stop the job; an empty value leaves a field unchanged and `#N/A` sets it to null;
 * a header naming no field fails the job with "InvalidBatch : Field name not found : X"; results
 * carry the uploaded values; unprocessed records are those a failed or aborted job never reached.
 *
 * Records go through the same DML path as REST and sObject Collections (dml.ts), so each row gets the
 * same validation errors (required, unique, DUPLICATE_VALUE, restricted picklists, lengths...), written
 * the way Bulk API result files write them: `STATUS_CODE:message:Field --` (fields, then " --").
 * Inside a batch, records are saved in DML chunks of 200 (the Bulk API's chunk size), each record on its
 * own (a failure rolls back that record only).
 *
 * Every point marked `inferred:` is behaviour the documentation does not spell out.
 */
import type { Readable } from 'node:stream';
import {
  COLUMN_DELIMITERS,
  ColumnDelimiter,
  CsvFormat,
  CsvFormatError,
  CsvRow,
  LineEnding,
  ParsedCsv,
  csvRecord,
  parseCsv,
} from './csv';
import { DmlError, RestError, dmlError, methodNotAllowed, notFound } from './errors';
import {
  DmlContext,
  SaveOutcome,
  deleteOne,
  externalIdField,
  insertOne,
  prepareRecord,
  updateOne,
  upsertOne,
} from './dml';
import type { Org } from './org';
import { indexKey } from './records';
import type { RestRequest } from './rest-types';
import { FieldDef, ObjectDef, TEXT_TYPES } from './schema';
import { formatDateTime, parseDateTime } from './values';

/** Key prefix of Bulk API job ids (750...). */
export const JOB_KEY_PREFIX = '750';
/** Records per internal batch (each one counts toward the daily batch allocation). */
export const BATCH_SIZE = 10_000;
/** Records per DML chunk inside a batch. */
const DML_CHUNK = 200;
/** Bulk API 2.0 ingest exists from API version 41.0. */
const MIN_VERSION = 41;
/** Jobs per page of GET /jobs/ingest. */
const PAGE_SIZE = 1000;
const MB = 1024 * 1024;

export interface Bulk2Options {
  /**
   * Largest upload accepted, measured as Salesforce measures it: on the base64-encoded content
   * (default 150 MB, i.e. about 100 MB of raw CSV).
   */
  maxUploadBytes: number;
  /** Simulated processing time of each internal batch of up to 10,000 records (default 5 ms). */
  processingDelayMsPer10k: number;
  /** Batches per rolling 24 h, shared with Bulk API (default 15,000). */
  dailyBatchAllocation: number;
}

export const DEFAULT_BULK2_OPTIONS: Readonly<Bulk2Options> = {
  maxUploadBytes: 150 * MB,
  processingDelayMsPer10k: 5,
  dailyBatchAllocation: 15_000,
};

/** Bulk API 2.0 as tests see it on the org (`sandbox.org.bulk`). */
export interface SandboxBulk {
  readonly options: Readonly<Bulk2Options>;
  /** Changes options for the jobs processed from now on (e.g. a small upload limit in a test). */
  configure(options: Partial<Bulk2Options>): void;
  /** Internal batches processed since the last resetCounters(), toward `dailyBatchAllocation`. */
  readonly batchesUsed: number;
}

type Operation = 'insert' | 'update' | 'upsert' | 'delete';
type JobState = 'Open' | 'UploadComplete' | 'InProgress' | 'JobComplete' | 'Aborted' | 'Failed';

const OPERATIONS: readonly string[] = ['insert', 'update', 'upsert', 'delete'];
const STATES: readonly string[] = [
  'Open',
  'UploadComplete',
  'InProgress',
  'JobComplete',
  'Aborted',
  'Failed',
];
const DELETABLE: readonly JobState[] = ['UploadComplete', 'JobComplete', 'Aborted', 'Failed'];
const ABORTABLE: readonly JobState[] = ['Open', 'UploadComplete', 'InProgress'];

interface RowResult {
  /** sf__Id: the record's id, or '' when the record has none (a failed insert). */
  id: string;
  created: boolean;
  /** sf__Error for a failed record. */
  error?: string;
}

interface Job {
  id: string;
  def: ObjectDef;
  operation: Operation;
  extField?: FieldDef;
  lineEnding: LineEnding;
  columnDelimiter: ColumnDelimiter;
  assignmentRuleId?: string;
  apiVersion: string;
  createdById: string;
  createdDate: number;
  systemModstamp: number;
  state: JobState;
  errorMessage?: string;
  /** The uploaded CSV, as received. */
  upload?: string;
  uploading: boolean;
  parsed?: ParsedCsv;
  /** By row index (header excluded); undefined while a row is unprocessed. */
  results: Array<RowResult | undefined>;
  processed: number;
  failed: number;
  /** Wall-clock milliseconds spent processing. */
  activeMs: number;
  timer?: NodeJS.Timeout;
}

/** The answer to a bulk request: JSON, CSV text or nothing. */
export interface Bulk2Response {
  status: number;
  json?: unknown;
  csv?: string;
}

// ---- errors (Salesforce's REST error shape) -------------------------------------------------------------

// inferred: the codes and wording of these request errors; the documentation lists the Bulk API error
// codes (InvalidJob, InvalidJobState, InvalidEntity...) but not the REST bodies that carry them.
const invalidJob = (message: string) => new RestError(400, 'INVALIDJOB', message);
const invalidJobState = (message: string) => new RestError(400, 'INVALIDJOBSTATE', message);
const badEnum = (type: string, value: unknown) =>
  new RestError(
    400,
    'JSON_PARSER_ERROR',
    `Cannot deserialize instance of ${type} from VALUE_STRING value ${String(value)}`,
  );

/** The `sf__Error` text of a failed record, as Bulk API result files write it. */
export function bulkErrorText(error: DmlError): string {
  // Documented form: REQUIRED_FIELD_MISSING:Required fields are missing: [LastName]:LastName --
  // inferred: several fields are separated by ", ".
  const fields = error.fields.length > 0 ? `${error.fields.join(', ')} ` : '';
  return `${error.statusCode}:${error.message}:${fields}--`;
}

const XSD_TYPES: Partial<Record<FieldDef['type'], string>> = {
  boolean: 'boolean',
  int: 'int',
  double: 'double',
  currency: 'double',
  percent: 'double',
  date: 'date',
  datetime: 'dateTime',
};

/**
 * A CSV value turned into what the DML layer takes: undefined for an empty value (the field is left
 * out), null for #N/A, typed values for checkbox, number and date fields.
 */
function cellValue(
  field: FieldDef,
  cell: string,
  column: number,
): { value: unknown } | { error: DmlError } | undefined {
  if (cell === '') return undefined;
  if (cell === '#N/A') return { value: null };
  if (TEXT_TYPES.has(field.type) || field.type === 'id' || field.type === 'reference') return { value: cell };
  const bad = (): { error: DmlError } => ({
    // Salesforce's wording for a value of the wrong type (seen in Bulk API result files).
    error: dmlError(
      'INVALID_FIELD',
      `Failed to deserialize field at col ${column}. Due to, '${cell}' is not a valid value for the type xsd:${XSD_TYPES[field.type] ?? field.type}`,
      [field.name],
    ),
  });
  switch (field.type) {
    case 'boolean':
      // inferred: 1/0 are read as true/false too, case does not matter.
      if (/^(true|1)$/i.test(cell)) return { value: true };
      if (/^(false|0)$/i.test(cell)) return { value: false };
      return bad();
    case 'int':
    case 'double':
    case 'currency':
    case 'percent': {
      const n = cell.trim() === cell ? Number(cell) : NaN;
      if (!Number.isFinite(n) || (field.type === 'int' && !Number.isInteger(n))) return bad();
      return { value: n };
    }
    case 'date':
    case 'datetime':
      return parseDateTime(cell) === undefined ? bad() : { value: cell };
    default:
      return { value: cell };
  }
}

/** Reads a request body up to a limit on its base64 size; undefined when it is larger (the rest is drained). */
function readLimited(body: Readable, maxBase64Bytes: number): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let bytes = 0;
    let tooLarge = false;
    body.on('data', (chunk: Buffer | string) => {
      if (tooLarge) return;
      const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      bytes += buffer.length;
      if (Math.ceil(bytes / 3) * 4 > maxBase64Bytes) {
        tooLarge = true;
        chunks.length = 0;
        return;
      }
      chunks.push(buffer);
    });
    let ended = false;
    body.once('end', () => {
      ended = true;
      resolve(tooLarge ? undefined : Buffer.concat(chunks).toString('utf8'));
    });
    body.once('error', reject);
    body.once('close', () => {
      if (!ended) reject(new Error('the upload was interrupted'));
    });
    if (body.readableEnded) resolve('');
  });
}

/** One row ready to save, or the error that fails it before any DML. */
type PreparedRow =
  | { index: number; error: DmlError; id?: string }
  | { index: number; body: Record<string, unknown>; id?: unknown; ext?: unknown };

export class Bulk2Ingest implements SandboxBulk {
  private readonly jobs = new Map<string, Job>();
  private current: Bulk2Options;
  private batches = 0;

  constructor(
    private readonly org: Org,
    options: Partial<Bulk2Options> = {},
  ) {
    this.current = { ...DEFAULT_BULK2_OPTIONS };
    this.configure(options);
  }

  get options(): Readonly<Bulk2Options> {
    return this.current;
  }

  get batchesUsed(): number {
    return this.batches;
  }

  configure(options: Partial<Bulk2Options>): void {
    const next = { ...this.current };
    for (const key of Object.keys(DEFAULT_BULK2_OPTIONS) as Array<keyof Bulk2Options>) {
      const v = options[key];
      if (v === undefined) continue;
      if (!(Number.isFinite(v) && v >= 0))
        throw new Error(`bulk option ${key} must be a number >= 0, got ${v}`);
      next[key] = v;
    }
    this.current = next;
  }

  resetCounters(): void {
    this.batches = 0;
  }

  // ---- HTTP --------------------------------------------------------------------------------------------

  /**
   * Handles an authenticated request under /services/data/vXX.X/jobs. `body` is the request stream
   * (read only by the CSV upload; JSON bodies arrive parsed in `req.body`). Throws RestError.
   */
  async handle(req: RestRequest, body: Readable): Promise<Bulk2Response> {
    try {
      return await this.route(req, body);
    } finally {
      // Whatever was not read (a refused upload, a body on another request) is drained.
      body.resume();
    }
  }

  private async route(req: RestRequest, body: Readable): Promise<Bulk2Response> {
    const [, kind, id, sub, ...rest] = req.segments;
    // Bulk API 2.0 query jobs (/jobs/query) are not simulated.
    if (kind !== 'ingest' || rest.length > 0 || Number(req.version) < MIN_VERSION) throw notFound();
    if (id === undefined) {
      if (req.method === 'GET') return { status: 200, json: this.list(req) };
      if (req.method === 'POST') return { status: 200, json: this.info(this.create(req), 'short') };
      throw methodNotAllowed(req.method, ['GET', 'POST']);
    }
    const job = this.jobs.get(id);
    if (!job) throw notFound();
    if (sub === undefined) {
      switch (req.method) {
        case 'GET':
          return { status: 200, json: this.info(job, 'full') };
        case 'PATCH':
          this.changeState(job, req.body);
          return { status: 200, json: this.info(job, 'short') };
        case 'DELETE':
          this.remove(job);
          return { status: 204 };
        default:
          throw methodNotAllowed(req.method, ['DELETE', 'GET', 'PATCH']);
      }
    }
    const resource = sub.toLowerCase();
    if (resource === 'batches') {
      if (req.method !== 'PUT') throw methodNotAllowed(req.method, ['PUT']);
      await this.upload(job, req, body);
      return { status: 201 };
    }
    if (
      resource === 'successfulresults' ||
      resource === 'failedresults' ||
      resource === 'unprocessedrecords'
    ) {
      if (req.method !== 'GET') throw methodNotAllowed(req.method, ['GET']);
      return { status: 200, csv: this.results(job, resource) };
    }
    throw notFound();
  }

  // ---- job lifecycle -----------------------------------------------------------------------------------

  private create(req: RestRequest): Job {
    const b = req.body as Record<string, unknown> | undefined;
    if (!b || typeof b !== 'object' || Array.isArray(b)) {
      throw new RestError(
        400,
        'JSON_PARSER_ERROR',
        'Cannot deserialize instance of JobInfo from request body',
      );
    }
    const { object, operation, externalIdFieldName, assignmentRuleId } = b;
    const contentType = b.contentType ?? 'CSV';
    const lineEnding = b.lineEnding ?? 'LF';
    const columnDelimiter = b.columnDelimiter ?? 'COMMA';
    if (typeof object !== 'string' || object === '') throw invalidJob('InvalidJob : Object is required');
    if (operation === undefined) throw invalidJob('InvalidJob : Operation is required');
    if (operation === 'hardDelete') {
      // inferred: reported as the missing "Bulk API Hard Delete" permission (not simulated).
      throw new RestError(400, 'INVALIDJOB', 'InvalidJob : hardDelete is not supported for this user');
    }
    if (typeof operation !== 'string' || !OPERATIONS.includes(operation))
      throw badEnum('OperationEnum', operation);
    if (contentType !== 'CSV') throw badEnum('ContentType', contentType);
    if (lineEnding !== 'LF' && lineEnding !== 'CRLF') throw badEnum('LineEndingEnum', lineEnding);
    if (typeof columnDelimiter !== 'string' || !(columnDelimiter in COLUMN_DELIMITERS))
      throw badEnum('ColumnDelimiterEnum', columnDelimiter);
    const def = this.org.schema.object(object);
    // inferred: INVALIDENTITY, with the REST API's wording for an unknown sObject.
    if (!def) throw new RestError(400, 'INVALIDENTITY', `sObject type '${object}' is not supported.`);
    if (def.kind === 'event')
      throw new RestError(400, 'INVALIDENTITY', `Entity '${def.name}' is not supported by the Bulk API.`);
    let extField: FieldDef | undefined;
    if (operation === 'upsert') {
      if (typeof externalIdFieldName !== 'string' || externalIdFieldName === '')
        throw invalidJob('InvalidJob : External ID field name is required for upsert');
      try {
        extField = externalIdField(def, externalIdFieldName);
      } catch (error) {
        if (!(error instanceof RestError)) throw error;
        throw invalidJob(`InvalidJob : ${error.message}`);
      }
    }
    const now = this.org.now();
    const job: Job = {
      id: this.org.ids.allocate(JOB_KEY_PREFIX),
      def,
      operation: operation as Operation,
      extField,
      lineEnding,
      columnDelimiter: columnDelimiter as ColumnDelimiter,
      assignmentRuleId: typeof assignmentRuleId === 'string' ? assignmentRuleId : undefined,
      apiVersion: req.version,
      createdById: req.userId,
      createdDate: now,
      systemModstamp: now,
      state: 'Open',
      uploading: false,
      results: [],
      processed: 0,
      failed: 0,
      activeMs: 0,
    };
    this.jobs.set(job.id, job);
    return job;
  }

  private async upload(job: Job, req: RestRequest, body: Readable): Promise<void> {
    // inferred: the message for an upload to a job that is no longer Open.
    if (job.state !== 'Open')
      throw invalidJobState(`Job ${job.id} is not Open (state ${job.state}): no more data can be added`);
    if (job.upload !== undefined || job.uploading) {
      // One upload per job: a second PUT is refused (seen against real orgs; wording inferred).
      throw new RestError(
        400,
        'BULK_API_ERROR',
        `Found multiple contents for job: <${job.id}>, please 'Close' / 'Abort' / 'Delete' the current Job then create a new Job and make sure the content is uploaded only once for a given Job.`,
      );
    }
    const contentType = req.headers['content-type'] ?? '';
    if (!/^text\/csv\s*(;|$)/i.test(contentType)) {
      // inferred: the code for a body that is not text/csv.
      throw new RestError(
        400,
        'INVALIDCONTENTTYPE',
        `Content-Type ${contentType || '(none)'} is not text/csv`,
      );
    }
    job.uploading = true;
    let data: string | undefined;
    try {
      data = await readLimited(body, this.current.maxUploadBytes);
    } finally {
      job.uploading = false;
    }
    if (data === undefined) {
      // inferred: status and code; the job stays Open without data.
      throw new RestError(
        413,
        'REQUEST_ENTITY_TOO_LARGE',
        `The CSV data exceeds ${this.current.maxUploadBytes} bytes once base64 encoded (${Math.floor(this.current.maxUploadBytes / MB)} MB)`,
      );
    }
    if (job.state !== 'Open') throw invalidJobState(`Job ${job.id} was ${job.state} during the upload`);
    job.upload = data;
    job.systemModstamp = this.org.now();
  }

  private changeState(job: Job, body: unknown): void {
    const state = (body as { state?: unknown } | undefined)?.state;
    if (typeof state !== 'string' || !STATES.includes(state)) throw badEnum('JobStateEnum', state);
    if (state === 'UploadComplete') {
      if (job.state !== 'Open' || job.uploading)
        throw invalidJobState(
          `Job ${job.id} cannot be closed in state ${job.uploading ? 'Open (uploading)' : job.state}`,
        );
      this.setState(job, 'UploadComplete');
      job.timer = this.later(0, () => this.start(job));
      return;
    }
    if (state === 'Aborted') {
      if (!ABORTABLE.includes(job.state))
        throw invalidJobState(`Job ${job.id} cannot be aborted in state ${job.state}`);
      clearTimeout(job.timer);
      this.setState(job, 'Aborted');
      return;
    }
    throw invalidJobState(`Job state ${state} cannot be set by a client`);
  }

  private remove(job: Job): void {
    if (!DELETABLE.includes(job.state))
      throw invalidJobState(`Job ${job.id} cannot be deleted in state ${job.state}`);
    clearTimeout(job.timer);
    this.jobs.delete(job.id);
  }

  private setState(job: Job, state: JobState, errorMessage?: string): void {
    job.state = state;
    if (errorMessage !== undefined) job.errorMessage = errorMessage;
    job.systemModstamp = this.org.now();
  }

  private later(ms: number, work: () => void): NodeJS.Timeout {
    const timer = setTimeout(work, ms);
    timer.unref();
    return timer;
  }

  private format(job: Job): CsvFormat {
    return { delimiter: COLUMN_DELIMITERS[job.columnDelimiter], lineEnding: job.lineEnding };
  }

  // ---- processing --------------------------------------------------------------------------------------

  private start(job: Job): void {
    if (job.state !== 'UploadComplete') return;
    this.setState(job, 'InProgress');
    // inferred: the message when a job is closed without data.
    if (job.upload === undefined)
      return this.setState(job, 'Failed', 'InvalidBatch : No data uploaded for this job');
    const started = Date.now();
    try {
      job.parsed = parseCsv(job.upload, this.format(job));
    } catch (error) {
      if (!(error instanceof CsvFormatError)) throw error;
      return this.setState(job, 'Failed', error.message);
    }
    const header = this.headerError(job, job.parsed.header);
    job.activeMs += Date.now() - started;
    if (header) return this.setState(job, 'Failed', header);
    job.results = new Array<RowResult | undefined>(job.parsed.rows.length);
    this.scheduleBatch(job, 0);
  }

  /** The job's errorMessage when the header names something that is not a field of the object. */
  private headerError(job: Job, header: string[]): string | undefined {
    // inferred: an empty file fails like a header naming no field.
    if (header.length === 0) return 'InvalidBatch : Field name not found : ';
    const seen = new Set<string>();
    for (const name of header) {
      // Relationship columns (Owner.Email) are not simulated: they read as unknown fields.
      const field = job.def.fields.get(name.toLowerCase());
      if (!field) return `InvalidBatch : Field name not found : ${name}`;
      // inferred: the wording for a column named twice.
      if (seen.has(field.name)) return `InvalidBatch : Duplicate field name : ${name}`;
      seen.add(field.name);
    }
    return undefined;
  }

  private scheduleBatch(job: Job, from: number): void {
    const rows = job.parsed?.rows ?? [];
    if (from >= rows.length) return this.setState(job, 'JobComplete');
    job.timer = this.later(this.current.processingDelayMsPer10k, () => {
      if (job.state !== 'InProgress') return;
      if (this.batches >= this.current.dailyBatchAllocation) {
        // Documented: over the allocation the remaining data isn't processed and the job fails.
        // inferred: the errorMessage wording.
        return this.setState(
          job,
          'Failed',
          'ExceededQuota : The daily Bulk API batch allocation is exhausted',
        );
      }
      this.batches++;
      this.processChunks(job, rows, from, Math.min(from + BATCH_SIZE, rows.length));
    });
  }

  /**
   * Saves a batch one DML chunk per turn of the event loop: the sandbox serves the other simulators
   * from the same process, and Salesforce runs jobs asynchronously, apart from the API it answers.
   */
  private processChunks(job: Job, rows: CsvRow[], chunk: number, to: number): void {
    if (job.state !== 'InProgress') return;
    if (chunk >= to) {
      job.systemModstamp = this.org.now();
      return this.scheduleBatch(job, to);
    }
    const started = Date.now();
    try {
      this.saveChunk(job, rows, chunk, Math.min(chunk + DML_CHUNK, to));
    } catch (error) {
      // A sandbox bug must not take the process down from a timer: the job fails instead.
      // inferred: the errorMessage wording.
      const message = error instanceof Error ? error.message : String(error);
      return this.setState(job, 'Failed', `InternalServerError : ${message}`);
    }
    job.activeMs += Date.now() - started;
    setImmediate(() => this.processChunks(job, rows, chunk + DML_CHUNK, to));
  }

  /** Saves rows [from, to) as one DML call, each record on its own, and records their results. */
  private saveChunk(job: Job, rows: CsvRow[], from: number, to: number): void {
    const header = job.parsed?.header ?? [];
    const columns = header.map((name) => job.def.fields.get(name.toLowerCase()) as FieldDef);
    const prepared: PreparedRow[] = [];
    for (let i = from; i < to; i++) prepared.push(this.prepareRow(job, rows[i], i, columns));

    // The same external id twice in one DML chunk fails every record that carries it (as in collections).
    const extCounts = new Map<string, number>();
    const ext = job.extField;
    if (ext) {
      for (const p of prepared) {
        const k = 'body' in p ? indexKey(ext, p.ext) : undefined;
        if (k !== undefined) extCounts.set(k, (extCounts.get(k) ?? 0) + 1);
      }
    }
    const ctx = this.org.dmlContext(job.createdById);
    const outcomes = this.org.runDml(
      prepared.map((p) => (): SaveOutcome => {
        if ('error' in p) return { result: { success: false, errors: [p.error] }, events: [] };
        try {
          return this.save(job, p, ctx, extCounts);
        } catch (error) {
          // A type problem the DML layer reports as a request-level error fails this record only.
          if (!(error instanceof RestError)) throw error;
          return {
            result: {
              success: false,
              errors: [dmlError(error.errorCode, error.message, error.fields ?? [])],
            },
            events: [],
          };
        }
      }),
      false,
    );
    outcomes.forEach((result, n) => {
      const p = prepared[n];
      const fallbackId = typeof p.id === 'string' && job.operation !== 'insert' ? p.id : '';
      if (result.success) {
        const created = job.operation === 'insert' || (job.operation === 'upsert' && result.created === true);
        job.results[p.index] = { id: result.id ?? '', created };
      } else {
        job.results[p.index] = {
          id: result.id ?? fallbackId,
          created: false,
          error: bulkErrorText(result.errors[0] ?? dmlError('UNKNOWN_EXCEPTION', 'unknown error')),
        };
        job.failed++;
      }
      job.processed++;
    });
  }

  private prepareRow(job: Job, row: CsvRow, index: number, columns: FieldDef[]): PreparedRow {
    if (row.error) return { index, error: dmlError('INVALID_FIELD', row.error) };
    if (row.values.length > columns.length) {
      // inferred: a row with more values than the header has columns fails on its own.
      return {
        index,
        error: dmlError(
          'INVALID_FIELD',
          `The row has ${row.values.length} values but the header has ${columns.length} columns`,
        ),
      };
    }
    const body: Record<string, unknown> = {};
    let id: unknown;
    let ext: unknown;
    for (let c = 0; c < columns.length; c++) {
      const field = columns[c];
      const cell = cellValue(field, row.values[c] ?? '', c + 1);
      if (cell === undefined) continue;
      if ('error' in cell) return { index, error: cell.error, id: typeof id === 'string' ? id : undefined };
      if (job.extField && field.name === job.extField.name) {
        ext = cell.value;
        if (field.name === 'Id') id = cell.value;
        continue;
      }
      if (field.name === 'Id') {
        id = cell.value;
        if (job.operation !== 'insert' && job.operation !== 'upsert') continue;
      }
      body[field.name] = cell.value;
    }
    return { index, body, id, ext };
  }

  private save(
    job: Job,
    p: Extract<PreparedRow, { body: Record<string, unknown> }>,
    ctx: DmlContext,
    extCounts: Map<string, number>,
  ): SaveOutcome {
    const def = job.def;
    const missing = (message: string, fields: string[] = []): SaveOutcome => ({
      result: { success: false, errors: [dmlError('MISSING_ARGUMENT', message, fields)] },
      events: [],
    });
    const absent = (v: unknown) => v === undefined || v === null || v === '';
    switch (job.operation) {
      case 'insert':
        return insertOne(ctx, prepareRecord(def, p.body));
      case 'update':
        if (absent(p.id)) return missing('Id not specified in an update call');
        return updateOne(ctx, prepareRecord(def, p.body), p.id);
      case 'delete':
        // inferred: wording, by analogy with update.
        if (absent(p.id)) return missing('Id not specified in a delete call');
        return deleteOne(ctx, p.id, def);
      case 'upsert': {
        const ext = job.extField as FieldDef;
        if (absent(p.ext)) return missing(`${ext.name} not specified`, [ext.name]);
        const k = indexKey(ext, p.ext);
        if (k !== undefined && (extCounts.get(k) ?? 0) > 1) {
          return {
            result: {
              success: false,
              errors: [
                dmlError('DUPLICATE_EXTERNAL_ID', `Duplicate external id specified: ${String(p.ext)}`, [
                  ext.name,
                ]),
              ],
            },
            events: [],
          };
        }
        return upsertOne(ctx, prepareRecord(def, p.body), ext, p.ext);
      }
    }
  }

  // ---- answers -----------------------------------------------------------------------------------------

  private info(job: Job, detail: 'short' | 'full'): Record<string, unknown> {
    const out: Record<string, unknown> = {
      id: job.id,
      operation: job.operation,
      object: job.def.name,
      createdById: job.createdById,
      createdDate: formatDateTime(job.createdDate),
      systemModstamp: formatDateTime(job.systemModstamp),
      state: job.state,
    };
    if (job.extField) out.externalIdFieldName = job.extField.name;
    if (job.assignmentRuleId) out.assignmentRuleId = job.assignmentRuleId;
    Object.assign(out, {
      concurrencyMode: 'Parallel',
      contentType: 'CSV',
      apiVersion: Number(job.apiVersion),
      jobType: 'V2Ingest',
    });
    // inferred: contentUrl is only given while the job is Open ("only valid if the job is in Open state").
    if (job.state === 'Open')
      out.contentUrl = `services/data/v${job.apiVersion}/jobs/ingest/${job.id}/batches`;
    out.lineEnding = job.lineEnding;
    out.columnDelimiter = job.columnDelimiter;
    if (detail === 'full') {
      Object.assign(out, {
        numberRecordsProcessed: job.processed,
        numberRecordsFailed: job.failed,
        retries: 0,
        totalProcessingTime: job.activeMs,
        apiActiveProcessingTime: job.activeMs,
        apexProcessingTime: 0,
      });
      if (job.errorMessage !== undefined) out.errorMessage = job.errorMessage;
    }
    return out;
  }

  private list(req: RestRequest): Record<string, unknown> {
    const { jobType, isPkChunkingEnabled, queryLocator } = req.query;
    // Every simulated job is a V2Ingest job without PK chunking.
    const all =
      jobType && jobType !== 'V2Ingest' ? [] : isPkChunkingEnabled === 'true' ? [] : [...this.jobs.values()];
    const from = Math.max(0, Number(queryLocator) || 0);
    const page = all.slice(from, from + PAGE_SIZE);
    const next = from + PAGE_SIZE < all.length ? from + PAGE_SIZE : undefined;
    const params = new URLSearchParams();
    if (jobType) params.set('jobType', jobType);
    if (next !== undefined) params.set('queryLocator', String(next));
    return {
      done: next === undefined,
      records: page.map((job) => this.info(job, 'short')),
      nextRecordsUrl:
        next === undefined ? null : `/services/data/v${req.version}/jobs/ingest?${params.toString()}`,
    };
  }

  private results(job: Job, kind: 'successfulresults' | 'failedresults' | 'unprocessedrecords'): string {
    const format = this.format(job);
    const parsed = job.parsed;
    if (kind === 'unprocessedrecords') {
      // Before the data was read (closed, aborted or failed early), every uploaded record is unprocessed:
      // the upload is given back as it came. inferred: an Open job answers the same.
      if (!parsed) return job.upload ?? '';
      let out = csvRecord(parsed.header, format);
      parsed.rows.forEach((row, i) => {
        if (!job.results[i]) out += csvRecord(this.cells(row, parsed.header.length), format);
      });
      return out;
    }
    const header = parsed?.header ?? [];
    const failed = kind === 'failedresults';
    const parts = [csvRecord(['sf__Id', failed ? 'sf__Error' : 'sf__Created', ...header], format)];
    parsed?.rows.forEach((row, i) => {
      const r = job.results[i];
      if (!r || (r.error !== undefined) !== failed) return;
      const second = failed ? (r.error as string) : String(r.created);
      parts.push(csvRecord([r.id, second, ...this.cells(row, header.length)], format));
    });
    return parts.join('');
  }

  /** A row's values padded (or cut) to the header's width, so that results stay rectangular. */
  private cells(row: CsvRow, width: number): string[] {
    return Array.from({ length: width }, (_, i) => row.values[i] ?? '');
  }
}
