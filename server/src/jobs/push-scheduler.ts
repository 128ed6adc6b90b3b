/**
 * Runs each enabled push: its first activation as soon as it is enabled, then every Schedule_Hours or
 * at each match of its cron expression (Schedule_Cron__c in Schedule_Time_Zone__c, fired by
 * node-cron; one missed while the companion was down runs once at start), plus Run now and Preview from User_Sync_Command__e, through the same timers as the directory and
 * the same store lock (one per push, `push-<id>`), so never two activations of one push at once,
 * across processes and restarts. Whatever an activation comes to, the next one is planned from the
 * push as it then stands and written to Next_Run__c, the three next in Next_Runs__c; a disabled or
 * deleted push has none.
 */
import type { Logger } from '../lib/logger';
import {
  PUSH_INTERRUPTED,
  runPush,
  type PushOutcome,
  type PushRunDeps,
  type PushSummary,
} from '../push/run-push';
import type { PushTrigger, SalesforcePushes } from '../push/salesforce-push';
import { parsePushSettings } from '../push/settings';
import type { PushCommand } from './push-command';
import { StoreRunLock, type RunLockStore } from './run-lock';
import { RETRY_AFTER_MS } from './scheduler';
import { realTimers, type Timers } from './timers';
import { within } from '../lib/within';
import { noRequests, noRuns, type RequestRecorder, type RunRecorder } from '../metrics/recorders';
import { armNextRun, describeRuns, nextAfter, runsFrom, type NextRun, type Schedule } from './schedule';
const isPushLock = (name: string) => name.startsWith('push-');

export interface PushSchedulerOptions extends Omit<PushRunDeps, 'lock' | 'salesforce' | 'now'> {
  salesforce: PushRunDeps['salesforce'] & Pick<SalesforcePushes, 'pushIds'>;
  store: PushRunDeps['store'] & RunLockStore;
  logger: Logger;
  timers?: Timers;
  /** Push runs by status, with their durations; Zendesk's HTTP requests. */
  metrics?: { runs: RunRecorder; requests: RequestRecorder };
}

export class PushScheduler {
  private readonly timers: Timers;
  readonly lock: StoreRunLock;
  private readonly next = new Map<string, { cancel(): void }>();
  private readonly running = new Set<Promise<unknown>>();
  private readonly inFlight = new Set<string>();
  private stopped = false;
  private markStarted!: () => void;
  private readonly started = new Promise<void>((resolve) => (this.markStarted = resolve));

  constructor(private readonly o: PushSchedulerOptions) {
    this.timers = o.timers ?? realTimers;
    this.lock = new StoreRunLock(o.store);
  }

  /**
   * Marks the runs a dead holder left Running, then plans every push. A failure here (Salesforce
   * unreachable, the push objects not deployed) is logged and leaves the directory sync running;
   * pushes are then planned by their next command.
   */
  async start(): Promise<void> {
    try {
      for (const { runId } of await this.lock.recover(isPushLock)) {
        await this.o.salesforce.finishRun(
          runId,
          { status: 'Failed', message: PUSH_INTERRUPTED },
          this.date(),
        );
        this.o.logger.warn({ runId }, 'a push run interrupted by a stop was marked Failed');
      }
      for (const pushId of await this.o.salesforce.pushIds()) await this.plan(pushId);
    } catch (error) {
      this.o.logger.error({ err: error }, 'pushes could not be planned at start');
    } finally {
      this.markStarted();
    }
  }

  /**
   * Stops planning and waits up to `graceMs` for the activations under way: one that does not finish
   * in time is marked Failed at the next start, and its users Zendesk had not confirmed are sent again.
   */
  async stop(graceMs = 6_000): Promise<void> {
    this.stopped = true;
    for (const timer of this.next.values()) timer.cancel();
    this.next.clear();
    if (!(await within(Promise.allSettled([...this.running]), graceMs)))
      this.o.logger.warn('a push did not finish in time: the next start marks it Failed (interrupted)');
  }

  handleCommand(command: PushCommand): void {
    const { pushId } = command;
    this.track(
      this.started.then((): Promise<unknown> => {
        if (command.kind === 'PUSH_RUN_NOW') return this.execute(pushId, 'Manual');
        if (command.kind === 'PUSH_PREVIEW') return this.execute(pushId, 'Preview');
        return this.plan(pushId);
      }),
    );
  }

  /** Runs a push now (tests, the demo); resolves with its summary when it ran. */
  async runNow(pushId: string, trigger: PushTrigger): Promise<PushSummary | undefined> {
    return this.execute(pushId, trigger);
  }

  private date(): Date {
    return new Date(this.timers.now());
  }

  private track(work: Promise<unknown>): void {
    const tracked = work
      .catch((error) => this.o.logger.error({ err: error }, 'push scheduling failed'))
      .finally(() => this.running.delete(tracked));
    this.running.add(tracked);
  }

  private async execute(pushId: string, trigger: PushTrigger): Promise<PushSummary | undefined> {
    // Stopping: nothing new starts (the stop waits only for what ran before it).
    if (this.stopped) return undefined;
    // A preview is not an activation: it neither blocks nor waits for one, and plans nothing.
    const activation = trigger !== 'Preview';
    // A cron match during this push's own activation: that activation sends the push as it stands,
    // and its end plans the next; a second one would only be Skipped (and plan a retry).
    if (activation && trigger === 'Schedule' && this.inFlight.has(pushId)) return undefined;
    // Only the activation that marked the push under way unmarks it.
    const marks = activation && !this.inFlight.has(pushId);
    if (marks) this.inFlight.add(pushId);
    const { runs, requests } = this.o.metrics ?? { runs: noRuns, requests: noRequests };
    const started = performance.now();
    const took = () => (performance.now() - started) / 1000;
    const releases: Array<() => void> = [];
    // The Zendesk client is made for this run: its requests are counted until the run ends.
    const zendesk: PushRunDeps['zendesk'] = async () => {
      const access = await this.o.zendesk();
      if (access.ok && access.value.counters) releases.push(requests.watch('zendesk', access.value.counters));
      return access;
    };
    let outcome: PushOutcome;
    try {
      outcome = await runPush(
        { ...this.o, zendesk, lock: this.lock, now: () => this.date() },
        { pushId, trigger },
      );
    } catch (error) {
      runs.record('zendesk', 'Error', took());
      this.o.logger.error({ err: error, pushId }, 'push failed; trying again later');
      if (activation) await this.arm(pushId, { delayMs: RETRY_AFTER_MS });
      return undefined;
    } finally {
      if (marks) this.inFlight.delete(pushId);
      releases.forEach((release) => release());
    }
    if (outcome.kind !== 'idle')
      runs.record('zendesk', outcome.kind === 'refused' ? 'Refused' : outcome.summary.status, took());
    if (!activation) return outcome.kind === 'ran' ? outcome.summary : undefined;
    // A push refused for its settings waits for the admin's next save (PUSH_CHANGED): planning it
    // again now would only refuse it again.
    if (outcome.kind !== 'ran') this.disarm(pushId);
    // Another process holds the push: it plans what comes next; here, a look again later.
    else if (outcome.summary.status === 'Skipped') await this.arm(pushId, { delayMs: RETRY_AFTER_MS });
    else await this.plan(pushId);
    return outcome.kind === 'ran' ? outcome.summary : undefined;
  }

  /** Reads a push and decides: activate at once (never ran), schedule, or stop scheduling. */
  private async plan(pushId: string): Promise<void> {
    const raw = await this.o.salesforce.readPush(pushId);
    const parsed = raw && parsePushSettings(raw.record, raw.mappings);
    if (!parsed || !parsed.ok || !parsed.value.enabled) {
      // A push that cannot be used says why on itself when it runs (run-push.ts); nothing to plan.
      // An enabled one that has run before would not run again: it says why now.
      this.disarm(pushId);
      const problems = parsed && !parsed.ok ? parsed.error : [];
      const enabled = (raw?.record as { Enabled__c?: unknown } | undefined)?.Enabled__c === true;
      if (raw)
        await this.o.salesforce
          .writePush(pushId, {
            nextRun: null,
            nextRuns: null,
            ...(enabled &&
              problems.length > 0 && { statusMessage: `${problems.join(' ')} [PUSH_SETTINGS_INVALID]` }),
          })
          .catch((error) => this.o.logger.warn({ err: error, pushId }, 'next push run not cleared'));
      return;
    }
    const settings = parsed.value;
    if (!settings.lastRunAt) {
      if (!this.inFlight.has(pushId)) this.track(this.execute(pushId, 'Enable'));
      return;
    }
    // The first activation the schedule had after the last: already past (the companion was down
    // then), it runs at once, and once, however many were missed.
    await this.arm(pushId, { due: nextAfter(settings.schedule, settings.lastRunAt) }, settings.schedule);
  }

  /**
   * Plans the push's next activation and writes it on the push (best effort): at `due`, a time of its
   * schedule (a cron schedule is then fired by node-cron from its next match on), or in `delayMs` (a
   * retry). A due time already past runs at once.
   */
  private async arm(pushId: string, when: NextRun, schedule?: Schedule): Promise<void> {
    this.next.get(pushId)?.cancel();
    if (this.stopped) return;
    const { timer, at } = armNextRun(this.timers, schedule, when, () =>
      this.track(this.execute(pushId, 'Schedule')),
    );
    this.next.set(pushId, timer);
    const runs = schedule && runsFrom(schedule, new Date(at));
    await this.o.salesforce
      .writePush(pushId, {
        nextRun: new Date(at),
        ...(schedule && runs && { nextRuns: describeRuns(schedule, runs) }),
      })
      .catch((error) =>
        this.o.logger.warn({ err: error, pushId }, 'next push run not written to Salesforce'),
      );
  }

  private disarm(pushId: string): void {
    this.next.get(pushId)?.cancel();
    this.next.delete(pushId);
  }
}
