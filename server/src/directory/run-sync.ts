import { messageOf } from '../lib/errors';
import type { RunTrigger } from './run-records';

export type { RunTrigger } from './run-records';
import type { Logger } from '../lib/logger';
import { readAhead } from '../lib/read-ahead';
import { DirectoryIndex } from './directory-index';
import { emptyCounts, Reconciler } from './reconciler';
import type { SalesforceDirectory } from './salesforce-directory';
import { SalesforceUserIndex } from './salesforce-user-index';
import type { SourceListing } from './source-listing';
import { writers, type WritePolicy } from './run-writers';
import { runSample, SampleCollector } from './run-sample';
import {
  SOURCE_LABEL,
  type PlanCounts,
  type PlannedWrite,
  type RecordError,
  type RowPatch,
  type SourceName,
} from './types';

export const INTERRUPTED =
  'Interrupted: the companion stopped during this run. It deactivated nobody; the next run starts afresh.';

export type RunStatus = 'Succeeded' | 'Failed' | 'Held' | 'Skipped';

/** Never two runs of one source at once, also across processes and restarts. */
export interface RunLock {
  acquire(source: SourceName): Promise<boolean>;
  attachRun(source: SourceName, runId: string): Promise<void>;
  release(source: SourceName): Promise<void>;
  /** Runs left Running by a crashed holder whose lock was just taken over. */
  takeInterrupted?(): string[];
  /** The run the current holder runs, when known: what a skipped run names. */
  holderRun?(source: SourceName): Promise<string | undefined>;
}

/** An admin's confirmation of a held run: the deactivations it showed, by source key. */
export interface Confirmation {
  runId: string;
  keys: ReadonlySet<string>;
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

/** How often a run's record shows its progress (a call each time: not every page). */
export const PROGRESS_EVERY_MS = 5_000;

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
    | 'runs'
  >;
  lock: RunLock;
  logger: Logger;
  dryRun?: boolean;
  /**
   * With dryRun: the run is recorded as a Preview (a run record with what it would do, its counts
   * and a sample), the admin's look before enabling. Nothing else is written.
   */
  preview?: boolean;
  /** Applies the deactivations this held run showed (if still due); the others follow the threshold. */
  confirm?: Confirmation;
  onProgress?: (progress: RunProgress) => void;
  /** Called with the outcome before the run record is finished (held runs are kept there). */
  onComplete?: (summary: RunSummary) => Promise<void>;
  now?: () => Date;
  /** How often the run record shows progress (PROGRESS_EVERY_MS unless a test needs every page). */
  progressEveryMs?: number;
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
  /** Every held deactivation by source key: what an admin's confirmation of this run covers. */
  heldKeys: string[];
  /** True when every page of the listing was read: only such a run says who is gone. */
  complete: boolean;
  /** The catalogue code of what stopped the listing, when it stopped (INTERCOM_AUTH_FAILED...). */
  failureCode?: string;
  message: string;
  errors: RecordError[];
}

export const SAMPLE = 50;
/** Listing pages read ahead while a page is reconciled and written (100 users each for Zendesk). */
const READ_AHEAD = 3;
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
  users: number;
}

/** The catalogue code an error carries (CompanionError and the provider errors have one). */
function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** Shows the run's progress on its record, at most every PROGRESS_EVERY_MS; best effort. */
function progressOf(options: SyncRunOptions, runId: string | undefined): (users: number) => Promise<void> {
  const clock = () => Date.now();
  let last = clock();
  return async (users) => {
    if (!runId || clock() - last < (options.progressEveryMs ?? PROGRESS_EVERY_MS)) return;
    last = clock();
    await options.directory.runs.progress(options.settings.source, runId, users).catch(() => undefined);
  };
}

/**
 * Lists, reconciles and writes page by page: the listing runs ahead while a page's changes are
 * written, and the run keeps one small entry per existing row, never the listing. Links wait for
 * the whole listing (only it tells two users share an email); deactivations come last, after every
 * other write has landed, and only after a complete listing.
 */
async function reconcileAndApply(
  options: SyncRunOptions,
  now: Date,
  log: Logger,
  sample: SampleCollector,
  progress: (users: number) => Promise<void>,
) {
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
        await progress(users);
      }
    } catch (error) {
      failure = error;
      log.error({ err: error, pages: count }, 'source listing incomplete: nobody will be deactivated');
    }
    const final = reconciler.finish({
      complete: failure === undefined,
      ...(options.confirm && { confirmed: options.confirm.keys }),
    });
    await write.add(final.links);
    const writeErrors = await write.drain();
    if (final.deactivations.writes.length || final.deactivations.userUpdates.length) {
      await write.add(final.deactivations);
      writeErrors.push(...(await write.drain()));
    }
    return {
      reconciler,
      held: final.held,
      writeErrors,
      rowsWritten: write.rowsSent,
      failure,
      pages: count,
      users,
    };
  } catch (error) {
    await write.settle();
    throw error;
  }
}

const emptySummary = (status: RunStatus, message: string, runId?: string): RunSummary => ({
  status,
  runId,
  counts: emptyCounts(),
  held: 0,
  rowsWritten: 0,
  sample: { writes: [], held: [] },
  heldKeys: [],
  complete: false,
  message,
  errors: [],
});

/**
 * Another run of the source holds the lock. The skip is recorded as a run of its own (a dry run
 * records nothing), so that the admin sees why nothing happened at the time they expected.
 */
async function skipped(options: SyncRunOptions, at: Date): Promise<RunSummary> {
  const { source } = options.settings;
  const holder = await options.lock.holderRun?.(source);
  const message = `Skipped: another ${SOURCE_LABEL[source]} run was in progress${holder ? ` (run ${holder})` : ''}.`;
  options.logger.warn(
    { source, trigger: options.trigger, holderRun: holder },
    'run skipped: the source is busy',
  );
  if (options.dryRun && !options.preview) return emptySummary('Skipped', message);
  const runId = await options.directory.runs.start(source, options.trigger, at);
  await options.directory.runs.finish(source, runId, { status: 'Skipped', message }, at);
  return emptySummary('Skipped', message, runId);
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
  if (!(await lock.acquire(source))) return skipped(options, now());
  let runId: string | undefined;
  try {
    for (const interrupted of lock.takeInterrupted?.() ?? []) {
      await directory.runs.finish(source, interrupted, { status: 'Failed', message: INTERRUPTED }, now());
    }
    if (!options.dryRun || options.preview) {
      runId = await directory.runs.start(source, options.trigger, now(), {
        ...(options.confirm && { confirmsRunId: options.confirm.runId }),
      });
      await lock.attachRun(source, runId);
    }
    const sample = new SampleCollector();
    const outcome: Outcome = await reconcileAndApply(options, now(), log, sample, progressOf(options, runId));
    const { reconciler, failure } = outcome;
    const counts = { ...reconciler.counts, failed: reconciler.counts.failed + outcome.writeErrors.length };
    const errors = [...reconciler.errors, ...outcome.writeErrors];
    const held = outcome.held.length;
    const status: RunStatus = failure ? 'Failed' : held ? 'Held' : 'Succeeded';
    const listingNote =
      failure === undefined
        ? ''
        : `Listing failed after ${outcome.pages} page(s): ${messageOf(failure)}. Nobody was deactivated. `;
    const dry = options.preview ? 'Preview, nothing written: ' : options.dryRun ? 'Dry run: ' : '';
    const message = `${listingNote}${dry}${summarise(counts, held)}`;
    const writes = sample.writes();
    const summary: RunSummary = {
      status,
      runId,
      counts,
      held,
      rowsWritten: outcome.rowsWritten,
      sample: { writes, held: outcome.held.slice(0, SAMPLE) },
      heldKeys: outcome.held.map((row) => row.Source_Key__c),
      complete: failure === undefined,
      ...(codeOf(failure) && { failureCode: codeOf(failure) }),
      message,
      errors,
    };
    // Before the record says Held: an admin who confirms at once must find what it holds.
    await options.onComplete?.(summary);
    if (runId)
      await directory.runs.finish(
        source,
        runId,
        {
          // A preview that could not list everything says so as Failed: its counts are not the truth.
          status: options.preview && !failure ? 'Preview' : status,
          counts: { ...counts, held },
          listed: outcome.users,
          message,
          errors,
          sample: runSample(writes, outcome.held),
        },
        now(),
      );
    log.info({ runId, status, ...counts, held, dryRun: options.dryRun ?? false }, 'directory run finished');
    return summary;
  } catch (error) {
    if (runId)
      await directory.runs
        .finish(source, runId, { status: 'Failed', message: `Run failed: ${messageOf(error)}` }, now())
        .catch(() => undefined);
    throw error;
  } finally {
    await lock.release(source);
  }
}
