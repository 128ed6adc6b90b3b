import type { SourcesConfig } from '../config';
import { listingFor, type CredentialsLoader, type ListingCredentials } from '../directory/listing-factory';
import { INTERRUPTED, runSync, type RunSummary, type RunTrigger } from '../directory/run-sync';
import type { SalesforceDirectory } from '../directory/salesforce-directory';
import { parseSourceConfiguration, type SourceConfiguration } from '../directory/source-settings';
import type { SourceName } from '../directory/types';
import { messageOf } from '../lib/errors';
import type { Logger } from '../lib/logger';
import { ok } from '../lib/result';
import type { RunCommand } from './command';
import type { StoreRunLock } from './run-lock';

const SOURCES: SourceName[] = ['zendesk', 'intercom'];
const HOUR = 60 * 60 * 1000;

/** Timers, injectable so tests can see what is scheduled and fire it. */
export interface Timers {
  now(): number;
  schedule(callback: () => void, delayMs: number): { cancel(): void };
}

export const realTimers: Timers = {
  now: () => Date.now(),
  schedule(callback, delayMs) {
    const timer = setTimeout(callback, delayMs);
    timer.unref();
    return { cancel: () => clearTimeout(timer) };
  },
};

export interface SchedulerOptions {
  directory: SalesforceDirectory;
  sources: SourcesConfig;
  /** The vault's tokens (connect/run-credentials.ts); without it, only the environment's are used. */
  credentials?: CredentialsLoader;
  lock: StoreRunLock;
  logger: Logger;
  timers?: Timers;
}

/**
 * Runs each enabled source: its first import at once, then every Schedule_Hours (6 by default), plus
 * "run now" and confirmations from User_Sync_Command__e. The lock in the store keeps it to one run
 * per source, also against the command line and other processes.
 */
export class DirectoryScheduler {
  private readonly timers: Timers;
  private readonly next = new Map<SourceName, { cancel(): void }>();
  private readonly running = new Set<Promise<unknown>>();
  private stopped = false;

  constructor(private readonly o: SchedulerOptions) {
    this.timers = o.timers ?? realTimers;
  }

  async start(): Promise<void> {
    for (const runId of await this.o.lock.recover()) {
      await this.o.directory.finishRun(
        runId,
        { status: 'Failed', message: INTERRUPTED },
        new Date(this.timers.now()),
      );
      this.o.logger.warn({ runId }, 'a run interrupted by a stop was marked Failed');
    }
    for (const source of SOURCES) await this.plan(source, 'start');
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const timer of this.next.values()) timer.cancel();
    this.next.clear();
    await Promise.allSettled([...this.running]);
  }

  /** Handles a command without waiting for the run it starts. */
  handleCommand(command: RunCommand): void {
    if (command.kind === 'RUN_NOW') this.launch(command.source, 'Manual');
    else if (command.kind === 'CONFIRM_DEACTIVATIONS') this.launch(command.source, 'Manual', true);
    else this.track(this.plan(command.source, 'settings'));
  }

  /** Runs a source now and reschedules it; resolves with the run's summary. */
  async runNow(
    source: SourceName,
    trigger: RunTrigger,
    confirmDeactivations = false,
  ): Promise<RunSummary | undefined> {
    const configuration = await this.configuration(source);
    if (!configuration?.enabled) return undefined;
    const log = this.o.logger.child({ source });
    const credentials = this.o.credentials
      ? await this.o.credentials(configuration)
      : ok<ListingCredentials>({});
    if (!credentials.ok) {
      await this.o.directory.writeSourceStatus(configuration.recordId, {
        connectionStatus: credentials.error,
      });
      return undefined;
    }
    const listing = listingFor(configuration, this.o.sources, credentials.value, log);
    if (!listing.ok) {
      await this.o.directory.writeSourceStatus(configuration.recordId, { connectionStatus: listing.error });
      return undefined;
    }
    const summary = await runSync({
      settings: configuration.settings,
      trigger,
      listing: listing.value,
      directory: this.o.directory,
      lock: this.o.lock,
      logger: this.o.logger,
      confirmDeactivations,
      now: () => new Date(this.timers.now()),
    });
    // The run itself says it failed; the settings record must also say what the admin has to do.
    const reconnect = credentials.value.reconnectReason?.();
    if (reconnect)
      await this.o.directory.writeSourceStatus(configuration.recordId, { connectionStatus: reconnect });
    if (summary.status !== 'Skipped') {
      const nextRun = this.reschedule(source, configuration.scheduleHours * HOUR);
      await this.o.directory.writeSourceStatus(configuration.recordId, {
        lastRun: new Date(this.timers.now()),
        nextRun,
      });
    }
    return summary;
  }

  private launch(source: SourceName, trigger: RunTrigger, confirm = false): void {
    this.track(this.runNow(source, trigger, confirm));
  }

  private track(work: Promise<unknown>): void {
    const tracked = work
      .catch((error) =>
        this.o.logger.error({ err: error, message: messageOf(error) }, 'directory run failed'),
      )
      .finally(() => this.running.delete(tracked));
    this.running.add(tracked);
  }

  private async configuration(source: SourceName): Promise<SourceConfiguration | undefined> {
    const record = await this.o.directory.readSettings(source);
    if (!record) return undefined;
    const parsed = parseSourceConfiguration(record);
    if (!parsed.ok) {
      await this.o.directory.writeSourceStatus(String((record as { Id: string }).Id), {
        connectionStatus: parsed.error.join(' '),
      });
      return undefined;
    }
    return parsed.value;
  }

  /** Reads a source's settings and decides: run at once (never ran), schedule, or stop scheduling. */
  private async plan(source: SourceName, why: 'start' | 'settings'): Promise<void> {
    const configuration = await this.configuration(source);
    if (!configuration?.enabled) {
      this.next.get(source)?.cancel();
      this.next.delete(source);
      return;
    }
    if (!configuration.lastRunAt) {
      this.launch(source, 'Enable');
      return;
    }
    const due = configuration.lastRunAt.getTime() + configuration.scheduleHours * HOUR;
    const nextRun = this.reschedule(source, Math.max(0, due - this.timers.now()));
    if (why === 'settings') await this.o.directory.writeSourceStatus(configuration.recordId, { nextRun });
  }

  private reschedule(source: SourceName, delayMs: number): Date | null {
    this.next.get(source)?.cancel();
    if (this.stopped) return null;
    this.next.set(
      source,
      this.timers.schedule(() => this.launch(source, 'Schedule'), delayMs),
    );
    return new Date(this.timers.now() + delayMs);
  }
}
