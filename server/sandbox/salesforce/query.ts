/**
 * The query and queryAll resources: runs SOQL, shapes records (`attributes: {type, url}`), and pages
 * results through server-side cursors (query locators).
 *
 * REST API Developer Guide, "Query": results come in batches of 2,000 by default; the
 * `Sforce-Query-Options: batchSize=N` header asks for 200..2,000; a response that is not the last one
 * has `done: false` and `nextRecordsUrl: /services/data/vXX.X/query/<locator>-<offset>`. Cursors expire
 * after 15 minutes of inactivity and a user may hold 10 at a time (the oldest is dropped).
 */
import { RestError } from './errors';
import { IdAllocator, KEY_PREFIXES } from './ids';
import { Org } from './org';
import { RestContext, RestRequest, RestResponse, recordUrl } from './rest-types';
import { SoqlError, SoqlRecord } from './soql';

export const DEFAULT_BATCH_SIZE = 2000;
const MIN_BATCH = 200;
const CURSOR_IDLE_MS = 15 * 60 * 1000;
const CURSORS_PER_USER = 10;

interface Cursor {
  locator: string;
  userId: string;
  rows: SoqlRecord[];
  batchSize: number;
  lastUsedAt: number;
}

/** Reads `batchSize=N` from Sforce-Query-Options; out-of-range values are clamped [inferred]. */
export function batchSizeOf(header: string | undefined): number {
  const m = header ? /batchSize\s*=\s*(\d+)/i.exec(header) : null;
  if (!m) return DEFAULT_BATCH_SIZE;
  return Math.min(DEFAULT_BATCH_SIZE, Math.max(MIN_BATCH, Number(m[1])));
}

/** Adds `attributes` to result rows (nested parents too) for the given API version. */
export function shapeRow(row: SoqlRecord, type: string, version: string): SoqlRecord {
  const attributes: Record<string, unknown> =
    type === 'AggregateResult'
      ? { type }
      : { type, url: recordUrl(version, type, String(row.Id ?? row.__id ?? '')) };
  const out: SoqlRecord = { attributes };
  for (const [key, value] of Object.entries(row)) {
    if (key === '__type' || key === '__id') continue;
    if (value && typeof value === 'object' && '__type' in (value as SoqlRecord)) {
      const nested = value as SoqlRecord;
      out[key] = shapeRow(nested, String(nested.__type), version);
    } else out[key] = value;
  }
  return out;
}

export class QueryCursors {
  private readonly cursors = new Map<string, Cursor>();

  constructor(
    private readonly ids: IdAllocator,
    private readonly now: () => number,
  ) {}

  open(userId: string, rows: SoqlRecord[], batchSize: number): string {
    this.expire();
    const mine = [...this.cursors.values()]
      .filter((c) => c.userId === userId)
      .sort((a, b) => a.lastUsedAt - b.lastUsedAt);
    while (mine.length >= CURSORS_PER_USER) this.cursors.delete((mine.shift() as Cursor).locator);
    const locator = this.ids.allocate(KEY_PREFIXES.QueryLocator);
    this.cursors.set(locator, { locator, userId, rows, batchSize, lastUsedAt: this.now() });
    return locator;
  }

  get(locator: string): Cursor | undefined {
    this.expire();
    const cursor = this.cursors.get(locator);
    if (cursor) cursor.lastUsedAt = this.now();
    return cursor;
  }

  private expire(): void {
    const cutoff = this.now() - CURSOR_IDLE_MS;
    for (const [k, c] of this.cursors) if (c.lastUsedAt < cutoff) this.cursors.delete(k);
  }
}

function page(
  cursor: Cursor | undefined,
  rows: SoqlRecord[],
  totalSize: number,
  offset: number,
  batchSize: number,
  version: string,
): RestResponse {
  const end = Math.min(rows.length, offset + batchSize);
  const body: Record<string, unknown> = { totalSize, done: end >= rows.length };
  if (end < rows.length && cursor)
    body.nextRecordsUrl = `/services/data/v${version}/query/${cursor.locator}-${end}`;
  body.records = rows.slice(offset, end);
  return { status: 200, body };
}

function runQuery(org: Org, soql: string, includeDeleted: boolean) {
  try {
    return org.runQuery(soql, includeDeleted);
  } catch (error) {
    if (error instanceof SoqlError) throw new RestError(400, error.errorCode, error.message);
    throw error;
  }
}

/** GET /query?q=, /queryAll?q=, /query/<locator>-<offset>. */
export function handleQuery(ctx: RestContext, req: RestRequest, includeDeleted: boolean): RestResponse {
  if (req.method !== 'GET')
    throw new RestError(
      405,
      'METHOD_NOT_ALLOWED',
      `HTTP Method '${req.method}' not allowed. Allowed are GET,HEAD`,
    );
  const batchSize = batchSizeOf(req.headers['sforce-query-options']);
  const locatorPart = req.segments[1];
  if (locatorPart !== undefined) {
    const m = /^(.+)-(\d+)$/.exec(locatorPart);
    const cursor = m ? ctx.cursors.get(m[1]) : undefined;
    if (!m || !cursor || cursor.userId !== req.userId)
      throw new RestError(400, 'INVALID_QUERY_LOCATOR', 'invalid query locator');
    return page(cursor, cursor.rows, cursor.rows.length, Number(m[2]), batchSize, req.version);
  }
  const soql = req.query.q;
  if (!soql || soql.trim() === '')
    throw new RestError(400, 'MALFORMED_QUERY', 'SOQL statements cannot be empty or null');
  const { result, object } = runQuery(ctx.org, soql, includeDeleted);
  if (result.countOnly)
    return { status: 200, body: { totalSize: result.totalSize, done: true, records: [] } };
  const type = result.rows[0]?.__type === 'AggregateResult' ? 'AggregateResult' : object.name;
  const rows = result.rows.map((r) => shapeRow(r, type, req.version));
  const cursor =
    rows.length > batchSize ? { locator: ctx.cursors.open(req.userId, rows, batchSize) } : undefined;
  return page(
    cursor ? (ctx.cursors.get(cursor.locator) as Cursor) : undefined,
    rows,
    result.totalSize,
    0,
    batchSize,
    req.version,
  );
}
