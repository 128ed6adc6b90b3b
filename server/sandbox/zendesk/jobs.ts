/**
 * Background jobs of the bulk user endpoints
 * (https://developer.zendesk.com/api-reference/ticketing/ticket-management/job_statuses/).
 *
 * Documented: a bulk request answers at once with a `job_status` (`id`, `url`, `status`, `total`,
 * `progress`, `message`, `results`); statuses `queued`, `working`, `failed`, `completed`, `killed`;
 * `GET /api/v2/job_statuses/{id}` and `/show_many?ids=`; "only a certain number of jobs can be queued
 * or running at the same time". Seen reported: results come "in the same order as the users array",
 * each `Created`, `Updated` or `Failed`; "Zendesk only logs the last 100 jobs. Jobs also expire within
 * an hour"; 30 jobs at once in a Zendesk help answer.
 * Chosen here: a job waits `queuedMs`, works `workMs + perUserMs·total`, then applies every user at
 * once (changes land at completion, never before); `results` is null until then; a 31st active job
 * is refused with 429 `TooManyJobs` and a Retry-After; hex ids; the message texts.
 */
import { randomBytes } from 'node:crypto';

export type JobState = 'queued' | 'working' | 'completed' | 'failed' | 'killed';

export interface JobStatus {
  id: string;
  url: string;
  job_type: string;
  status: JobState;
  total: number;
  progress: number;
  message: string | null;
  results: Array<Record<string, unknown>> | null;
}

export interface JobTiming {
  queuedMs: number;
  workMs: number;
  perUserMs: number;
  /** Jobs queued or working at once (30). */
  maxActive: number;
  /** How long a finished job can be read (one hour). */
  ttlMs: number;
  /** How many jobs are kept at all (the last 100). */
  keep: number;
}

export const DEFAULT_JOB_TIMING: JobTiming = {
  queuedMs: 5,
  workMs: 10,
  perUserMs: 0.2,
  maxActive: 30,
  ttlMs: 60 * 60_000,
  keep: 100,
};

interface Entry {
  status: JobStatus;
  finishedAt?: number;
}

export class JobQueue {
  private readonly jobs = new Map<string, Entry>();
  private readonly timers = new Set<NodeJS.Timeout>();
  /** Jobs accepted since the start (counters). */
  submitted = 0;
  /** The most jobs that were queued or working at the same moment. */
  peakActive = 0;

  constructor(
    private timing: JobTiming,
    private readonly now: () => number,
    private readonly urlOf: (id: string) => string,
  ) {}

  configure(timing: Partial<JobTiming>): void {
    this.timing = { ...this.timing, ...timing };
  }

  get maxActive(): number {
    return this.timing.maxActive;
  }

  active(): number {
    let n = 0;
    for (const { status } of this.jobs.values())
      if (status.status === 'queued' || status.status === 'working') n++;
    return n;
  }

  /**
   * Accepts a job whose `work` runs when it completes and returns one result per user, in request
   * order; undefined when too many jobs are active.
   */
  submit(jobType: string, total: number, work: () => Array<Record<string, unknown>>): JobStatus | undefined {
    if (this.active() >= this.timing.maxActive) return undefined;
    const id = randomBytes(16).toString('hex');
    const status: JobStatus = {
      id,
      url: this.urlOf(id),
      job_type: jobType,
      status: 'queued',
      total,
      progress: 0,
      message: null,
      results: null,
    };
    this.jobs.set(id, { status });
    this.submitted += 1;
    this.peakActive = Math.max(this.peakActive, this.active());
    this.forgetOld();
    const { queuedMs, workMs, perUserMs } = this.timing;
    this.after(queuedMs, () => {
      status.status = 'working';
      this.after(workMs + perUserMs * total, () => this.finish(id, work));
    });
    return { ...status };
  }

  get(id: string): JobStatus | undefined {
    const entry = this.jobs.get(id);
    if (!entry) return undefined;
    if (entry.finishedAt !== undefined && this.now() - entry.finishedAt > this.timing.ttlMs) {
      this.jobs.delete(id);
      return undefined;
    }
    return { ...entry.status, results: entry.status.results && [...entry.status.results] };
  }

  /** The most recent jobs first, as the list endpoint shows them. */
  recent(): JobStatus[] {
    return [...this.jobs.keys()]
      .reverse()
      .map((id) => this.get(id))
      .filter((s): s is JobStatus => s !== undefined);
  }

  close(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  private finish(id: string, work: () => Array<Record<string, unknown>>): void {
    const entry = this.jobs.get(id);
    if (!entry) return;
    const status = entry.status;
    try {
      status.results = work();
      status.progress = status.total;
      status.status = 'completed';
      status.message = `Completed at ${new Date(this.now()).toUTCString()}`;
    } catch (error) {
      status.status = 'failed';
      status.message = error instanceof Error ? error.message : String(error);
    }
    entry.finishedAt = this.now();
  }

  private after(ms: number, fn: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      fn();
    }, ms);
    timer.unref();
    this.timers.add(timer);
  }

  /** Beyond the last `keep` jobs, the oldest finished ones are no longer kept. */
  private forgetOld(): void {
    let excess = this.jobs.size - this.timing.keep;
    for (const [id, entry] of this.jobs) {
      if (excess <= 0) return;
      if (entry.finishedAt === undefined) continue;
      this.jobs.delete(id);
      excess -= 1;
    }
  }
}
