import { messageOf } from '../lib/errors';
import type { Logger } from '../lib/logger';
import { BatchWriter } from '../lib/batch-writer';
import { mapLimit } from '../lib/map-limit';
import { chunk } from '../salesforce/soql';
import { readAhead } from '../lib/read-ahead';
import { DirectoryIndex } from './directory-index';
import { emptyCounts, Reconciler, type Step } from './reconciler';
import type { SalesforceDirectory } from './salesforce-directory';
import { SalesforceUserIndex } from './salesforce-user-index';
import type { SourceListing } from './source-listing';
import type { PlanCounts, PlannedWrite, RecordError, RowPatch, SourceName, UserUpdate } from './types';

export const INTERRUPTED =
  'Interrupted: the companion stopped during this run. It deactivated nobody; the next run starts afresh.';

export type RunTrigger = 'Enable' | 'Schedule' | 'Manual';
export type RunStatus = 'Succeeded' | 'Failed' | 'Held' | 'Skipped';

/** Never two runs of one source at once, also across processes and restarts. */
export interface RunLock {
  acquire(source: SourceName): Promise<boolean>;
  attachRun(source: SourceName, runId: string): Promise<void>;
  release(source: SourceName): Promise<void>;
  /** Runs left Running by a crashed holder whose lock was just taken over. */
  takeInterrupted?(): string[];
}

export interface SourceSettings {
  source: SourceName;
  identifierColumn: string | null;
  matchUserField: string | null;
  updateLinkedUserNames: boolean;
  deactivateLinkedUsers: boolean;
  deactivationThreshold: number;
}

export interface RunProgress {
  pages: number;
  users: number;
}

export interface SyncRunOptions {
  settings: SourceSettings;
  trigger: RunTrigger;
  listing: SourceListing;
  directory: Pick<
    SalesforceDirectory,
    | 'readRowPages'
    | 'readActiveUsers'
    | 'readMatchCandidates'
    | 'upsertRows'
    | 'upsertRowsInBulk'
    | 'updateUsers'
    | 'startRun'
    | 'finishRun'
  >;
  lock: RunLock;
  logger: Logger;
  dryRun?: boolean;
  confirmDeactivations?: boolean;
  onProgress?: (progress: RunProgress) => void;
  now?: () => Date;
  /** When rows go through Bulk API 2.0 (WRITE_POLICY unless a test needs smaller numbers). */
  writePolicy?: WritePolicy;
}

export interface RunSummary {
  status: RunStatus;
  runId?: string;
  counts: PlanCounts;
  /** Deactivations held for an admin's confirmation. */
  held: number;
  /** Directory rows sent to Salesforce (in a dry run: that would have been). */
  rowsWritten: number;
  /** The first changes and held deactivations, for people to read (a dry run prints them). */
  sample: { writes: PlannedWrite[]; held: RowPatch[] };
  message: string;
  errors: RecordError[];
}

const SAMPLE = 50;
/** Listing pages read ahead while a page is reconciled and written (100 users each for Zendesk). */
const READ_AHEAD = 3;
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
/**
 * Up to this many active internal users are read once per run (10 queries at most) and matched
 * in memory; above it, users are looked up by value page by page, which costs calls per page.
 */
const USERS_READ_AT_ONCE = 20_000;

function summarise(counts: PlanCounts, held: number): string {
  const parts = [
    `${counts.created} created`,
    `${counts.renamed} renamed`,
    `${counts.linked} linked`,
    `${counts.deactivated} deactivated`,
    `${counts.reactivated} reactivated`,
    `${counts.unchanged} unchanged`,
    `${counts.failed} failed`,
  ];
  return held ? `${parts.join(', ')}; ${held} deactivations held for confirmation` : parts.join(', ');
}

/** The writers of a run; a dry run's only count what they would have sent. */
function writers(options: SyncRunOptions, sample: PlannedWrite[]) {
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
      if (sample.length < SAMPLE) sample.push(...step.writes.slice(0, SAMPLE - sample.length));
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

async function loadIndexes(options: SyncRunOptions) {
  const { directory, settings } = options;
  const rows = new DirectoryIndex();
  const [all] = await Promise.all([
    directory.readActiveUsers(settings.matchUserField, USERS_READ_AT_ONCE),
    (async () => {
      for await (const page of directory.readRowPages(settings.source)) rows.add(page);
    })(),
  ]);
  return { rows, people: new SalesforceUserIndex(all ?? []), lookUpByValue: all === undefined };
}

interface Outcome {
  reconciler: Reconciler;
  held: RowPatch[];
  writeErrors: RecordError[];
  rowsWritten: number;
  failure: unknown;
  pages: number;
}

/**
 * Lists, reconciles and writes page by page: the listing runs ahead while a page's changes are
 * written, and the run keeps one small entry per existing row, never the listing. Links wait for
 * the whole listing (only it tells two users share an email); deactivations come last, after every
 * other write has landed, and only after a complete listing.
 */
async function reconcileAndApply(options: SyncRunOptions, now: Date, log: Logger, sample: PlannedWrite[]) {
  const { settings, directory } = options;
  const pages = readAhead(options.listing, READ_AHEAD)[Symbol.asyncIterator]();
  // The first pages are fetched while the directory is read.
  const first = pages.next();
  first.catch(() => undefined);
  let indexes: Awaited<ReturnType<typeof loadIndexes>>;
  try {
    indexes = await loadIndexes(options);
  } catch (error) {
    await pages.return(undefined);
    throw error;
  }
  const reconciler = new Reconciler(settings, indexes.rows, indexes.people, now);
  const write = writers(options, sample);
  let failure: unknown;
  let count = 0;
  let users = 0;
  try {
    try {
      for (let next = await first; !next.done; next = await pages.next()) {
        const page = next.value;
        reconciler.unreadable(page.errors);
        if (indexes.lookUpByValue) {
          const needing = page.users.filter((u) => reconciler.needsMatch(u));
          const emails = needing.flatMap((u) => (u.email ? [u.email] : []));
          const identifiers = needing.flatMap((u) => (u.primaryIdentifier ? [u.primaryIdentifier] : []));
          if (needing.length)
            indexes.people.add(
              await directory.readMatchCandidates(emails, identifiers, settings.matchUserField),
            );
        }
        await write.add(reconciler.page(page.users));
        count += 1;
        users += page.users.length;
        options.onProgress?.({ pages: count, users });
      }
    } catch (error) {
      failure = error;
      log.error({ err: error, pages: count }, 'source listing incomplete: nobody will be deactivated');
    }
    const final = reconciler.finish({
      complete: failure === undefined,
      confirmDeactivations: options.confirmDeactivations ?? false,
    });
    await write.add(final.links);
    const writeErrors = await write.drain();
    if (final.deactivations.writes.length || final.deactivations.userUpdates.length) {
      await write.add(final.deactivations);
      writeErrors.push(...(await write.drain()));
    }
    return { reconciler, held: final.held, writeErrors, rowsWritten: write.rowsSent, failure, pages: count };
  } catch (error) {
    await write.settle();
    throw error;
  }
}

/**
 * One import run of a source: list every team user, reconcile with the directory, apply the
 * difference, record the run. A listing that fails part way applies what it read but deactivates
 * nobody, and the run is Failed.
 */
export async function runSync(options: SyncRunOptions): Promise<RunSummary> {
  const { settings, directory, lock, logger } = options;
  const now = options.now ?? (() => new Date());
  const source = settings.source;
  const log = logger.child({ component: 'directory-sync', source });
  if (!(await lock.acquire(source))) {
    return {
      status: 'Skipped',
      counts: emptyCounts(),
      held: 0,
      rowsWritten: 0,
      sample: { writes: [], held: [] },
      message: `a ${source} run is already in progress`,
      errors: [],
    };
  }
  let runId: string | undefined;
  try {
    for (const interrupted of lock.takeInterrupted?.() ?? []) {
      await directory.finishRun(interrupted, { status: 'Failed', message: INTERRUPTED }, now());
    }
    if (!options.dryRun) {
      runId = await directory.startRun(source, options.trigger, now());
      await lock.attachRun(source, runId);
    }
    const sample: PlannedWrite[] = [];
    const outcome: Outcome = await reconcileAndApply(options, now(), log, sample);
    const { reconciler, failure } = outcome;
    const counts = { ...reconciler.counts, failed: reconciler.counts.failed + outcome.writeErrors.length };
    const errors = [...reconciler.errors, ...outcome.writeErrors];
    const held = outcome.held.length;
    const status: RunStatus = failure ? 'Failed' : held ? 'Held' : 'Succeeded';
    const listingNote =
      failure === undefined
        ? ''
        : `Listing failed after ${outcome.pages} page(s): ${messageOf(failure)}. Nobody was deactivated. `;
    const message = `${listingNote}${options.dryRun ? 'Dry run: ' : ''}${summarise(counts, held)}`;
    if (runId)
      await directory.finishRun(runId, { status, counts: { ...counts, held }, message, errors }, now());
    log.info({ runId, status, ...counts, held, dryRun: options.dryRun ?? false }, 'directory run finished');
    return {
      status,
      runId,
      counts,
      held,
      rowsWritten: outcome.rowsWritten,
      sample: { writes: sample, held: outcome.held.slice(0, SAMPLE) },
      message,
      errors,
    };
  } catch (error) {
    if (runId)
      await directory
        .finishRun(runId, { status: 'Failed', message: `Run failed: ${messageOf(error)}` }, now())
        .catch(() => undefined);
    throw error;
  } finally {
    await lock.release(source);
  }
}
