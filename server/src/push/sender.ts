/**
 * Sends planned users to Zendesk, 100 per job: existing users by id through `update_many` (no import
 * gate), new users through `create_or_update_many`. An account without bulk imports answers the
 * latter 403: the sender says so once (`onImportGate`) and creates users one at a time with
 * `create_or_update` instead, one call after the other, each waiting what Zendesk asks (HttpClient
 * honours Retry-After on a 429; the per-user header's `resets` when a user has no writes left).
 */
import { ZendeskError } from '../sources/zendesk/errors';
import type { ZendeskPushClient } from '../sources/zendesk/push-client';
import type { SingleUpsert } from '../sources/zendesk/push-types';
import { JobRunner, type PollTiming, type SendResult } from './job-runner';

/** One user on its way: its request body and what the run needs back. */
export interface Outgoing {
  userId: string;
  /** The match key value, which the per-user limit counts by. */
  key: string;
  body: Record<string, unknown>;
}

export interface SenderOptions {
  client: Pick<
    ZendeskPushClient,
    'jobStatuses' | 'submitUpdateMany' | 'submitCreateOrUpdateMany' | 'createOrUpdate'
  >;
  maxJobs: number;
  poll: PollTiming;
  onSettled: (settled: Array<{ item: Outgoing; result: SendResult }>) => Promise<void>;
  /** Once per sender, when Zendesk refuses bulk creation for the account. */
  onImportGate: (detail: string) => Promise<void> | void;
  sleep: (ms: number) => Promise<void>;
  now?: () => number;
  batchSize?: number;
}

export const BATCH = 100;

export class Sender {
  private readonly updates: Outgoing[] = [];
  private readonly creates: Outgoing[] = [];
  private readonly runner: JobRunner<Outgoing>;
  private readonly notBefore = new Map<string, number>();
  private gated = false;
  readonly stats = { singles: 0, bulkCreateJobs: 0 };

  constructor(private readonly o: SenderOptions) {
    this.runner = new JobRunner<Outgoing>({
      client: o.client,
      maxJobs: o.maxJobs,
      poll: o.poll,
      onSettled: o.onSettled,
      sleep: o.sleep,
      ...(o.now && { now: o.now }),
    });
  }

  get jobStats() {
    return this.runner.stats;
  }

  private get size(): number {
    return this.o.batchSize ?? BATCH;
  }

  async update(item: Outgoing): Promise<void> {
    this.updates.push(item);
    if (this.updates.length >= this.size) await this.flushUpdates();
  }

  async create(item: Outgoing): Promise<void> {
    this.creates.push(item);
    if (this.creates.length >= this.size) await this.flushCreates();
  }

  /** Sends what is left and waits for every job. */
  async finish(): Promise<void> {
    await this.flushUpdates();
    await this.flushCreates();
    await this.runner.drain();
  }

  private async flushUpdates(): Promise<void> {
    if (this.updates.length === 0) return;
    const items = this.updates.splice(0);
    await this.runner.run(items, () => this.o.client.submitUpdateMany(items.map((i) => i.body)));
  }

  private async flushCreates(): Promise<void> {
    if (this.creates.length === 0) return;
    const items = this.creates.splice(0);
    if (!this.gated) {
      let gate: string | undefined;
      const queued = await this.runner.run(items, async () => {
        const submitted = await this.o.client.submitCreateOrUpdateMany(items.map((i) => i.body));
        if (submitted.kind === 'job') {
          this.stats.bulkCreateJobs += 1;
          return submitted.id;
        }
        gate = submitted.detail;
        return undefined;
      });
      if (queued) return;
      this.gated = true;
      await this.o.onImportGate(gate ?? 'HTTP 403');
    }
    for (const item of items) await this.o.onSettled([{ item, result: await this.single(item) }]);
  }

  /** One user through create_or_update, paced by the per-user limit. */
  private async single(item: Outgoing): Promise<SendResult> {
    const now = this.o.now ?? Date.now;
    const wait = (this.notBefore.get(item.key) ?? 0) - now();
    if (wait > 0) await this.o.sleep(wait);
    this.stats.singles += 1;
    let answer: SingleUpsert;
    try {
      answer = await this.o.client.createOrUpdate(item.body);
    } catch (error) {
      // Zendesk kept failing for this user: it is sent again next time. A refusal of the whole
      // account (credentials, scope) is not this user's and ends the run.
      if (error instanceof ZendeskError && error.retryable)
        return { ok: false, code: 'PUSH_NOT_CONFIRMED', reason: error.message, notFound: false };
      throw error;
    }
    if (answer.limit && answer.limit.remaining === 0)
      this.notBefore.set(item.key, now() + answer.limit.resetsSeconds * 1000);
    if (answer.kind === 'refused')
      return {
        ok: false,
        code: 'PUSH_USER_REJECTED',
        reason: `Zendesk refused it (${answer.detail})`,
        notFound: false,
      };
    return { ok: true, created: answer.created, zendeskId: answer.id };
  }
}
