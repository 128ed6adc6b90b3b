import { messageOf } from '../lib/errors';
import type { Logger } from '../lib/logger';
import { reconcile, sourceKeyOf } from './reconcile';
import type { SalesforceDirectory } from './salesforce-directory';
import type { SourceListing } from './source-listing';
import type { DirectoryRow, ReconcilePlan, RecordError, SourceName, SourceUser } from './types';

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
    'readRows' | 'readMatchCandidates' | 'upsertRows' | 'updateUsers' | 'startRun' | 'finishRun'
  >;
  lock: RunLock;
  logger: Logger;
  dryRun?: boolean;
  confirmDeactivations?: boolean;
  onProgress?: (progress: RunProgress) => void;
  now?: () => Date;
}

export interface RunSummary {
  status: RunStatus;
  runId?: string;
  plan?: ReconcilePlan;
  message: string;
  errors: RecordError[];
}

/** Emails and identifiers of the users that may need a link: new ones and unlinked Pending rows. */
export function matchKeys(
  users: SourceUser[],
  rows: DirectoryRow[],
  source: SourceName,
): { emails: string[]; identifiers: string[] } {
  const byKey = new Map(rows.map((r) => [r.sourceKey, r]));
  const needing = users.filter((u) => {
    const row = byKey.get(sourceKeyOf(source, u.sourceUserId));
    return u.active && (!row || (!row.userId && row.status !== 'Active'));
  });
  const keys = (pick: (u: SourceUser) => string | null) =>
    needing.map(pick).filter((v): v is string => Boolean(v));
  return { emails: keys((u) => u.email), identifiers: keys((u) => u.primaryIdentifier) };
}

function summarise(plan: ReconcilePlan): string {
  const c = plan.counts;
  const parts = [
    `${c.created} created`,
    `${c.renamed} renamed`,
    `${c.linked} linked`,
    `${c.deactivated} deactivated`,
    `${c.reactivated} reactivated`,
    `${c.unchanged} unchanged`,
    `${c.failed} failed`,
  ];
  return plan.held.length
    ? `${parts.join(', ')}; ${plan.held.length} deactivations held for confirmation`
    : parts.join(', ');
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
    return { status: 'Skipped', message: `a ${source} run is already in progress`, errors: [] };
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
    const users: SourceUser[] = [];
    const unreadable: RecordError[] = [];
    let failure: unknown;
    let pages = 0;
    try {
      for await (const page of options.listing) {
        users.push(...page.users);
        unreadable.push(...page.errors);
        pages += 1;
        options.onProgress?.({ pages, users: users.length });
      }
    } catch (error) {
      failure = error;
      log.error({ err: error, pages }, 'source listing incomplete: nobody will be deactivated');
    }
    const rows = await directory.readRows(source);
    const keys = matchKeys(users, rows, source);
    const candidates =
      keys.emails.length || keys.identifiers.length
        ? await directory.readMatchCandidates(keys.emails, keys.identifiers, settings.matchUserField)
        : [];
    const plan = reconcile({
      users,
      unreadable,
      rows,
      salesforceUsers: candidates,
      settings: {
        source,
        updateLinkedUserNames: settings.updateLinkedUserNames,
        deactivateLinkedUsers: settings.deactivateLinkedUsers,
        deactivationThreshold: settings.deactivationThreshold,
        complete: failure === undefined,
        confirmDeactivations: options.confirmDeactivations ?? false,
      },
      now: now(),
    });
    const listingNote =
      failure === undefined
        ? ''
        : `Listing failed after ${pages} page(s): ${messageOf(failure)}. Nobody was deactivated. `;
    if (options.dryRun) {
      return {
        status: failure ? 'Failed' : plan.held.length ? 'Held' : 'Succeeded',
        plan,
        message: `${listingNote}Dry run: ${summarise(plan)}`,
        errors: plan.errors,
      };
    }
    const writeErrors = [
      ...(await directory.upsertRows(plan.writes.map((w) => w.row))),
      ...(await directory.updateUsers(plan.userUpdates)),
    ];
    plan.counts.failed += writeErrors.length;
    const errors = [...plan.errors, ...writeErrors];
    const status: RunStatus = failure ? 'Failed' : plan.held.length ? 'Held' : 'Succeeded';
    const message = `${listingNote}${summarise(plan)}`;
    await directory.finishRun(
      runId!,
      { status, counts: { ...plan.counts, held: plan.held.length }, message, errors },
      now(),
    );
    log.info({ runId, status, ...plan.counts, held: plan.held.length }, 'directory run finished');
    return { status, runId, plan, message, errors };
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
