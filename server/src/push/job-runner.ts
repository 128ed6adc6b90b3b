/**
 * Zendesk's bulk jobs, kept to what Zendesk allows: at most `maxJobs` jobs queued or working at once
 * (Zendesk refuses more; about 30 per account), a submission waiting for a slot. One poller reads the
 * status of every job in flight in one call (`job_statuses/show_many`), backing off while nothing
 * finishes. A finished job's results are matched to its users by position (Zendesk keeps the order of
 * the request); a job that failed, expired or answered fewer results loses the users it did not
 * report on: they are failed for this activation and sent again by the next.
 */
import type { ZendeskPushClient } from '../sources/zendesk/push-client';
import type { JobResult, JobStatusView } from '../sources/zendesk/push-types';

export interface PollTiming {
  initialMs: number;
  maxMs: number;
  factor: number;
}

export const DEFAULT_POLL: PollTiming = { initialMs: 250, maxMs: 10_000, factor: 1.6 };
/** Zendesk keeps a job's status about an hour: one not finished in 30 minutes is given up. */
export const DEFAULT_JOB_TIMEOUT_MS = 30 * 60_000;

/** What became of one user of a job (or of a single upsert). */
export type SendResult =
  | { ok: true; created: boolean; zendeskId: number }
  | { ok: false; code: 'PUSH_USER_REJECTED' | 'PUSH_NOT_CONFIRMED'; reason: string; notFound: boolean };

export function resultOf(r: JobResult | undefined, job: JobStatusView): SendResult {
  if (!r)
    return {
      ok: false,
      code: 'PUSH_NOT_CONFIRMED',
      reason: `Zendesk job ${job.id} ended ${job.status} without a result for this user${job.message ? ` (${job.message})` : ''}`,
      notFound: false,
    };
  if (r.status !== 'Failed') return { ok: true, created: r.status === 'Created', zendeskId: r.id };
  const reason = [r.error, r.details].filter(Boolean).join(': ');
  return {
    ok: false,
    code: 'PUSH_USER_REJECTED',
    reason: `Zendesk refused it (${reason})`,
    notFound: /not ?found/i.test(reason),
  };
}

interface InFlight<T> {
  items: T[];
  submittedAt: number;
}

export interface JobRunnerOptions<T> {
  client: Pick<ZendeskPushClient, 'jobStatuses'>;
  maxJobs: number;
  poll: PollTiming;
  /** Called once per finished job with each item's result, in order; awaited before the slot frees. */
  onSettled: (settled: Array<{ item: T; result: SendResult }>) => Promise<void>;
  sleep: (ms: number) => Promise<void>;
  now?: () => number;
  /** A job that has not finished after this long is given up (its users are sent again next time). */
  jobTimeoutMs?: number;
}

export class JobRunner<T> {
  private readonly inFlight = new Map<string, InFlight<T>>();
  private poller?: Promise<void>;
  private failure?: unknown;
  private wake?: () => void;
  readonly stats = { jobs: 0, polls: 0, peakInFlight: 0 };

  constructor(private readonly o: JobRunnerOptions<T>) {}

  /**
   * Submits a job once a slot is free. `submit` returns the job id, or undefined when Zendesk took
   * no job (the caller then deals with the items itself); run says which.
   */
  async run(items: T[], submit: () => Promise<string | undefined>): Promise<boolean> {
    while (this.inFlight.size >= this.o.maxJobs) {
      this.throwIfFailed();
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
    this.throwIfFailed();
    const id = await submit();
    if (id === undefined) return false;
    this.stats.jobs += 1;
    this.inFlight.set(id, { items, submittedAt: (this.o.now ?? Date.now)() });
    this.stats.peakInFlight = Math.max(this.stats.peakInFlight, this.inFlight.size);
    this.poller ??= this.pollUntilIdle().catch((error) => {
      this.failure = error;
      this.wake?.();
    });
    return true;
  }

  /** Waits for every job in flight. */
  async drain(): Promise<void> {
    while (this.poller) await this.poller;
    this.throwIfFailed();
  }

  private throwIfFailed(): void {
    if (this.failure !== undefined) throw this.failure;
  }

  private async pollUntilIdle(): Promise<void> {
    let delay = this.o.poll.initialMs;
    try {
      while (this.inFlight.size > 0) {
        await this.o.sleep(delay);
        const ids = [...this.inFlight.keys()].slice(0, 100);
        this.stats.polls += 1;
        const statuses = new Map((await this.o.client.jobStatuses(ids)).map((s) => [s.id, s]));
        let finished = 0;
        for (const id of ids) {
          const job = this.settledOrLost(id, statuses.get(id));
          if (job.status === 'queued' || job.status === 'working') continue;
          const { items } = this.inFlight.get(id)!;
          await this.o.onSettled(items.map((item, i) => ({ item, result: resultOf(job.results?.[i], job) })));
          this.inFlight.delete(id);
          finished += 1;
          this.wake?.();
        }
        delay = finished ? this.o.poll.initialMs : Math.min(this.o.poll.maxMs, delay * this.o.poll.factor);
      }
    } finally {
      this.poller = undefined;
    }
  }

  /**
   * A job as it stands, or lost: Zendesk no longer knows it (expired, or beyond the last 100 it keeps),
   * or it has not finished within the timeout.
   */
  private settledOrLost(id: string, job: JobStatusView | undefined): JobStatusView {
    const entry = this.inFlight.get(id)!;
    const lost = (message: string): JobStatusView => ({
      id,
      status: 'failed',
      total: entry.items.length,
      message,
      results: null,
    });
    if (!job) return lost('no longer known to Zendesk');
    const age = (this.o.now ?? Date.now)() - entry.submittedAt;
    if (
      (job.status === 'queued' || job.status === 'working') &&
      age > (this.o.jobTimeoutMs ?? DEFAULT_JOB_TIMEOUT_MS)
    )
      return lost(`not finished after ${Math.round(age / 60_000)} minutes`);
    return job;
  }
}
