import type { SourcesConfig } from '../config';
import type { CredentialsLoader } from '../directory/listing-factory';
import { INTERRUPTED, type RunSummary, type RunTrigger } from '../directory/run-sync';
import type { SalesforceDirectory } from '../directory/salesforce-directory';
import type { SourceName } from '../directory/types';
import type { Logger } from '../lib/logger';
import type { RunCommand } from './command';
import type { HeldRunStore } from '../store/store';
import { HeldRuns } from './held-runs';
import { StoreRunLock, type RunLockStore } from './run-lock';
import { readConfiguration, runSource, type SourceRunOutcome, type SourceRunRequest } from './source-run';
import { within } from '../lib/within';
import { noRequests, noRuns, type RequestRecorder, type RunRecorder } from '../metrics/recorders';
import { realTimers, type Timers } from './timers';
import { armNextRun, describeRuns, nextAfter, runsFrom, type NextRun, type Schedule } from './schedule';

export type { Timers } from './timers';

const SOURCES: SourceName[] = ['zendesk', 'intercom'];
/** When a run could not even start (Salesforce unreachable, say), it is tried again this soon. */
export const RETRY_AFTER_MS = 10 * 60 * 1000;

export interface SchedulerOptions {
  directory: SalesforceDirectory;
  sources: SourcesConfig;
  /** The vault's tokens (connect/run-credentials.ts); without it, only the environment's are used. */
  credentials?: CredentialsLoader;
  /** Where the run locks and the held runs are kept. */
  store: RunLockStore & HeldRunStore;
  logger: Logger;
  timers?: Timers;
  /** Runs by source and status, with their durations; the sources' HTTP requests. */
  metrics?: { runs: RunRecorder; requests: RequestRecorder };
}

/** A run's status as its run record shows it; Refused when it could not start. */
function runStatus(outcome: Exclude<SourceRunOutcome, { kind: 'idle' }>, request: SourceRunRequest): string {
  if (outcome.kind === 'refused') return 'Refused';
  const { status } = outcome.summary;
  return request.preview && status !== 'Failed' && status !== 'Skipped' ? 'Preview' : status;
}

/**
 * Runs each enabled source: its first import at once, then every Schedule_Hours (6 by default) or at
 * each match of its cron expression (Schedule_Cron__c in Schedule_Time_Zone__c, fired by node-cron),
 * plus "run now" and confirmations from User_Sync_Command__e. The lock in the store keeps it to one
 * run per source, also against the command line and other processes. Whatever a run comes to (done,
 * skipped, refused, or failed before it could start), the next one is planned and written to
 * Next_Run__c, with the three next run times in Next_Runs__c; only a disabled source has none. A run
 * missed while the companion was down runs once at start, however many times it was missed.
 */
export class DirectoryScheduler {
  private readonly timers: Timers;
  readonly lock: StoreRunLock;
  private readonly heldRuns: HeldRuns;
  private readonly next = new Map<SourceName, { cancel(): void }>();
  /** The last schedule read for each source: what a retry falls back on when settings are unreadable. */
  private readonly schedules = new Map<SourceName, Schedule>();
  private readonly running = new Set<Promise<unknown>>();
  /** How many times each source was planned from its settings: a run's own plan yields to a newer one. */
  private readonly plans = new Map<SourceName, number>();
  /** Runs queued or under way in this process, per source. */
  private readonly inFlight = new Map<SourceName, number>();
  /** The last run queued for each source: the next one starts after it. */
  private readonly lanes = new Map<SourceName, Promise<unknown>>();
  /** Runs queued and not started yet, by what they ask. */
  private readonly waiting = new Map<string, Promise<RunSummary | undefined>>();
  private stopped = false;
  private markStarted!: () => void;
  /** Commands that arrive while start() recovers and plans wait for it. */
  private readonly started = new Promise<void>((resolve) => (this.markStarted = resolve));

  constructor(private readonly o: SchedulerOptions) {
    this.timers = o.timers ?? realTimers;
    this.lock = new StoreRunLock(o.store);
    this.heldRuns = new HeldRuns(o.store, o.directory.runs, o.logger);
  }

  async start(): Promise<void> {
    // Push locks are named push-<id> and recovered by the push scheduler, which records its own runs.
    for (const { source, runId } of await this.lock.recover((name) => !name.startsWith('push-'))) {
      await this.o.directory.runs.finish(
        source as SourceName,
        runId,
        { status: 'Failed', message: INTERRUPTED },
        this.date(),
      );
      this.o.logger.warn({ source, runId }, 'a run interrupted by a stop was marked Failed');
    }
    for (const source of SOURCES) await this.plan(source);
    this.markStarted();
  }

  /**
   * Plans nothing more and waits `graceMs` at most for the runs under way: a run still going then is
   * left Running, and the next start (or the next holder of its lock) marks it Failed, interrupted,
   * exactly as after a crash.
   */
  async stop(graceMs = 6_000): Promise<void> {
    this.stopped = true;
    for (const timer of this.next.values()) timer.cancel();
    this.next.clear();
    if (!(await within(Promise.allSettled([...this.running]), graceMs)))
      this.o.logger.warn('a run did not finish in time: the next start marks it Failed (interrupted)');
  }

  /** Resolves once every command and run started so far has finished (its records written). */
  async whenIdle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }

  /** Handles a command without waiting for the run it starts. */
  handleCommand(command: RunCommand): void {
    const { source } = command;
    this.track(
      this.started.then((): Promise<unknown> => {
        if (command.kind === 'RUN_NOW') return this.execute({ source, trigger: 'Manual' });
        if (command.kind === 'CONFIRM_DEACTIVATIONS')
          return this.execute({ source, trigger: 'Manual', confirmRunId: command.runId });
        // A preview is the admin's look before enabling: the source need not be enabled.
        if (command.kind === 'PREVIEW')
          return this.execute({ source, trigger: 'Preview', preview: true, evenIfDisabled: true });
        return this.plan(source);
      }),
    );
  }

  /** Runs a source now and plans its next run; resolves with the run's summary, if it ran. */
  async runNow(source: SourceName, trigger: RunTrigger): Promise<RunSummary | undefined> {
    return this.execute({ source, trigger });
  }

  private date(): Date {
    return new Date(this.timers.now());
  }

  private launch(request: SourceRunRequest): void {
    this.track(this.execute(request));
  }

  private track(work: Promise<unknown>): void {
    const tracked = work
      .catch((error) => this.o.logger.error({ err: error }, 'directory scheduling failed'))
      .finally(() => this.running.delete(tracked));
    this.running.add(tracked);
  }

  /**
   * Runs of one source in this process go one after the other (a lane per source): a Sync now or a
   * Preview clicked while a run ends waits for it instead of being Skipped; only another process
   * (the command line, a second companion) makes a run Skipped. The same request already waiting
   * is not queued twice.
   */
  private execute(request: SourceRunRequest): Promise<RunSummary | undefined> {
    const { source } = request;
    const key = [source, request.trigger, request.preview ?? false, request.confirmRunId ?? ''].join('|');
    const waiting = this.waiting.get(key);
    if (waiting) return waiting;
    this.inFlight.set(source, (this.inFlight.get(source) ?? 0) + 1);
    const run = (this.lanes.get(source) ?? Promise.resolve())
      .then(() => {
        this.waiting.delete(key);
        // Stopping: nothing new starts (the stop waits only for what ran before it).
        return this.stopped ? undefined : this.executeTracked(request);
      })
      .finally(() => this.inFlight.set(source, (this.inFlight.get(source) ?? 1) - 1));
    this.waiting.set(key, run);
    this.lanes.set(
      source,
      run.catch(() => undefined),
    );
    return run;
  }

  private async executeTracked(request: SourceRunRequest): Promise<RunSummary | undefined> {
    const { source } = request;
    const planned = this.plans.get(source);
    const { runs, requests } = this.o.metrics ?? { runs: noRuns, requests: noRequests };
    const started = performance.now();
    const took = () => (performance.now() - started) / 1000;
    let outcome: SourceRunOutcome;
    try {
      outcome = await runSource(
        {
          ...this.o,
          lock: this.lock,
          heldRuns: this.heldRuns,
          now: () => this.date(),
          requests,
        },
        request,
      );
    } catch (error) {
      runs.record(source, 'Error', took());
      // Not even the settings could be read, or Salesforce failed mid-run: the schedule lives on.
      this.o.logger.error({ err: error, source }, 'directory run failed; trying again later');
      const schedule = this.schedules.get(source);
      if (schedule) {
        const next = nextAfter(schedule, this.date()).getTime() - this.timers.now();
        await this.arm(source, { delayMs: Math.min(RETRY_AFTER_MS, next) });
      }
      return undefined;
    }
    const configuration = outcome.configuration;
    const summary = outcome.kind === 'ran' ? outcome.summary : undefined;
    if (outcome.kind !== 'idle') runs.record(source, runStatus(outcome, request), took());
    // A preview or a dry run changes no schedule.
    if (request.preview || request.dryRun) return summary;
    if ((outcome.kind === 'idle' && !configuration) || (configuration && !configuration.enabled)) {
      this.disarm(source);
      return summary;
    }
    if (configuration) this.schedules.set(source, configuration.schedule);
    if (summary && summary.status !== 'Skipped') {
      // The run wrote Last_Run__c; the settings as they are now decide what comes next (an admin
      // may have disabled or rescheduled the source while it ran).
      await this.plan(source).catch(async (error) => {
        this.o.logger.warn({ err: error, source }, 'settings unreadable after the run; keeping the schedule');
        await this.armAgain(source);
      });
      return summary;
    }
    // Skipped, or refused for a reason on the settings record: one period on, unless the settings
    // were planned afresh meanwhile (that plan stands).
    if (this.plans.get(source) === planned) await this.armAgain(source, configuration?.recordId);
    return summary;
  }

  /**
   * Plans the next run one period (or cron match) on, from the last schedule read (nothing when none
   * was ever read).
   */
  private async armAgain(source: SourceName, recordId?: string): Promise<void> {
    const schedule = this.schedules.get(source);
    if (!schedule) return this.disarm(source);
    await this.arm(source, { due: nextAfter(schedule, this.date()) }, recordId);
  }

  /** Reads a source's settings and decides: run at once (never ran), schedule, or stop scheduling. */
  private async plan(source: SourceName): Promise<void> {
    this.plans.set(source, (this.plans.get(source) ?? 0) + 1);
    const { configuration, problem, recordId } = await readConfiguration(
      this.o.directory,
      source,
      this.o.logger,
    );
    if (problem !== undefined && recordId) await this.clearNextRuns(source, recordId);
    if (!configuration?.enabled) return this.disarm(source);
    this.schedules.set(source, configuration.schedule);
    // A first import already under way here is not started twice (a settings save during it).
    if (!configuration.lastRunAt) {
      if (!this.inFlight.get(source)) this.launch({ source, trigger: 'Enable' });
      return;
    }
    // The first run the schedule had after the last one: when it is already past (the companion was
    // down then), it runs at once, and once, however many runs were missed.
    const due = nextAfter(configuration.schedule, configuration.lastRunAt);
    await this.arm(source, { due }, configuration.recordId);
  }

  /**
   * Plans the source's next run and shows it on the settings record (best effort): at `due`, a time
   * of its schedule (a cron schedule is then fired by node-cron from its next match on), or in
   * `delayMs` (a retry). A due time already past runs at once.
   */
  private async arm(source: SourceName, when: NextRun, recordId?: string): Promise<void> {
    this.next.get(source)?.cancel();
    if (this.stopped) return;
    const schedule = this.schedules.get(source);
    const { timer, at } = armNextRun(this.timers, schedule, when, () =>
      this.launch({ source, trigger: 'Schedule' }),
    );
    this.next.set(source, timer);
    if (!recordId || !schedule) return;
    const runs = runsFrom(schedule, new Date(at));
    await this.o.directory
      .writeSourceStatus(source, recordId, { nextRun: runs[0], nextRuns: describeRuns(schedule, runs) })
      .catch((error) => this.o.logger.warn({ err: error, source }, 'next run not written to Salesforce'));
  }

  /** Settings that cannot be used plan nothing: the record shows no next run. */
  private async clearNextRuns(source: SourceName, recordId: string): Promise<void> {
    await this.o.directory
      .writeSourceStatus(source, recordId, { nextRun: null, nextRuns: null })
      .catch((error) => this.o.logger.warn({ err: error, source }, 'next run not cleared in Salesforce'));
  }

  private disarm(source: SourceName): void {
    this.next.get(source)?.cancel();
    this.next.delete(source);
  }
}
