/**
 * One activation of a push, page by page: each user's payload is compared with what Zendesk last
 * confirmed; unchanged users cost nothing; changed users are looked up when needed, planned, and
 * sent in jobs of 100; a user's snapshot is written only once Zendesk confirmed it (or once a
 * lookup showed there was nothing to send), so a failed user is sent again by the next activation.
 * A preview stops after the comparison: it counts, samples, and asks Zendesk nothing.
 */
import type { PushSnapshotStore } from '../store/store';
import type { ZendeskPushClient } from '../sources/zendesk/push-client';
import type { ZendeskPushUser } from '../sources/zendesk/push-types';
import type { Attribute } from './attributes';
import { compare, fingerprintsOf, hashOf } from './diff';
import type { SendResult } from './job-runner';
import { buildPayload } from './payload';
import { needsLookup, planUser, precheck } from './plan';
import { resolveUsers } from './resolve';
import { Sender, type Outgoing, type SenderOptions } from './sender';
import {
  emptyPushCounts,
  type PushSettings,
  type Snapshot,
  type UserPayload,
  type UserProblem,
} from './types';

/** Problems kept for the run record (its Errors field holds about a thousand lines). */
const MAX_PROBLEMS = 2000;
export const SAMPLE_SIZE = 10;
/** The snapshot of a user who was not in Zendesk while insert mode was off: looked up again on change. */
const absent = (hash: string): string => `absent:${hash}`;

export interface ActivationOptions {
  pushId: string;
  settings: PushSettings;
  attributes: readonly Attribute[];
  store: PushSnapshotStore;
  preview: boolean;
  /** Absent in a preview. */
  client?: SenderOptions['client'] &
    Pick<ZendeskPushClient, 'showManyByIds' | 'showManyByExternalIds' | 'findByEmail'>;
  sender?: Omit<SenderOptions, 'client' | 'onSettled' | 'onImportGate'>;
  onImportGate?: (detail: string) => Promise<void> | void;
  now: () => Date;
}

interface Pending {
  prints: Record<string, string>;
  withheld: string[];
  previous?: Snapshot;
  note?: UserProblem;
}

function snapshotOf(userId: string, p: Pending, zendeskId: number | null): Snapshot {
  const saved = { ...p.prints };
  for (const key of p.withheld) {
    const before = p.previous?.fingerprints[key];
    if (before === undefined) delete saved[key];
    else saved[key] = before;
  }
  return { userId, hash: hashOf(saved), fingerprints: saved, zendeskId };
}

export class Activation {
  readonly counts = emptyPushCounts();
  readonly problems: UserProblem[] = [];
  /** Preview: what the first changed users would send. */
  readonly sample: unknown[] = [];
  /** Preview: changed users that would be looked up and sent. */
  toSend = 0;
  readonly stats = { lookups: 0 };
  private readonly pending = new Map<string, Pending>();
  private readonly sender?: Sender;

  constructor(private readonly o: ActivationOptions) {
    if (o.preview) return;
    if (!o.client || !o.sender) throw new Error('an activation that sends needs a Zendesk client');
    this.sender = new Sender({
      ...o.sender,
      client: o.client,
      onSettled: (settled) => this.settled(settled),
      onImportGate: (detail) => o.onImportGate?.(detail),
    });
  }

  get jobStats() {
    return {
      ...(this.sender?.jobStats ?? { jobs: 0, polls: 0, peakInFlight: 0 }),
      singles: this.sender?.stats.singles ?? 0,
      bulkCreateJobs: this.sender?.stats.bulkCreateJobs ?? 0,
    };
  }

  private report(p: UserProblem, failed: boolean): void {
    if (failed) this.counts.failed += 1;
    if (this.problems.length < MAX_PROBLEMS) this.problems.push(p);
  }

  async page(records: ReadonlyArray<Record<string, unknown>>): Promise<void> {
    const { settings, attributes, store, pushId } = this.o;
    this.counts.inSegment += records.length;
    const snapshots = await store.pushSnapshots(
      pushId,
      records.map((r) => String(r.Id)),
    );
    const changed: Array<{
      payload: UserPayload;
      pending: Pending;
      change: Extract<ReturnType<typeof compare>, { kind: 'changed' }>;
    }> = [];
    const settledNow: Snapshot[] = [];
    for (const record of records) {
      const payload = buildPayload(record, settings, attributes);
      const prints = fingerprintsOf(payload, settings, attributes);
      const hash = hashOf(prints);
      const previous = snapshots.get(payload.userId);
      if (previous?.hash === hash) {
        this.counts.unchanged += 1;
        continue;
      }
      const wasAbsent = previous?.hash === absent(hash);
      if (wasAbsent && !settings.insertMode) {
        this.counts.notInZendesk += 1;
        continue;
      }
      const known = previous && !previous.hash.startsWith('absent:') ? previous : undefined;
      const change = compare(prints, hash, known);
      if (change.kind === 'unchanged') continue;
      const early = precheck(payload, settings);
      if (early) {
        this.report(early, true);
        continue;
      }
      changed.push({ payload, change, pending: { prints, withheld: [], ...(known && { previous: known }) } });
    }
    if (this.o.preview) return this.preview(changed);

    const lookups = changed.filter((c) => needsLookup(c.change, settings, attributes));
    this.stats.lookups += lookups.length;
    const found: Map<string, ZendeskPushUser | null> = lookups.length
      ? await resolveUsers(
          this.o.client!,
          settings.matchKey,
          lookups.map((c) => ({
            userId: c.payload.userId,
            key: c.payload.key!,
            zendeskId: c.change.zendeskId,
          })),
        )
      : new Map();
    const sends: Array<() => Promise<void>> = [];
    for (const { payload, change, pending } of changed) {
      const plan = planUser(
        payload,
        change,
        found.has(payload.userId) ? found.get(payload.userId) : undefined,
        settings,
        attributes,
      );
      if (plan.kind === 'problem') this.report(plan.problem, true);
      else if (plan.kind === 'not_in_zendesk') {
        this.counts.notInZendesk += 1;
        settledNow.push({
          userId: payload.userId,
          hash: absent(hashOf(pending.prints)),
          fingerprints: {},
          zendeskId: null,
        });
      } else if (plan.kind === 'settled') {
        this.counts.unchanged += 1;
        if (plan.problem) this.report(plan.problem, false);
        settledNow.push(snapshotOf(payload.userId, { ...pending, withheld: plan.withheld }, plan.zendeskId));
      } else {
        const withheld = plan.kind === 'update' ? plan.withheld : [];
        const note = plan.kind === 'update' ? plan.problem : undefined;
        this.pending.set(payload.userId, { ...pending, withheld, ...(note && { note }) });
        const item: Outgoing = { userId: payload.userId, key: payload.key!, body: plan.body };
        sends.push(() => (plan.kind === 'update' ? this.sender!.update(item) : this.sender!.create(item)));
      }
    }
    if (settledNow.length) await store.savePushSnapshots(pushId, settledNow, this.o.now());
    for (const send of sends) await send();
  }

  /** Sends what is left and waits for Zendesk's last answers. */
  async finish(): Promise<void> {
    await this.sender?.finish();
  }

  private preview(
    changed: Array<{
      payload: UserPayload;
      change: { kind: 'changed'; attributes: string[]; zendeskId: number | null };
    }>,
  ): void {
    this.toSend += changed.length;
    for (const { payload, change } of changed) {
      if (this.sample.length >= SAMPLE_SIZE) return;
      this.sample.push({
        userId: payload.userId,
        name: payload.name,
        key: payload.key,
        zendeskId: change.zendeskId,
        attributes: Object.fromEntries(change.attributes.map((k) => [k, payload.attributes[k]])),
      });
    }
  }

  private async settled(settled: Array<{ item: Outgoing; result: SendResult }>): Promise<void> {
    const save: Snapshot[] = [];
    const forget: string[] = [];
    for (const { item, result } of settled) {
      const pending = this.pending.get(item.userId);
      this.pending.delete(item.userId);
      if (!pending) continue;
      const label = String(item.body.name ?? item.userId);
      if (result.ok) {
        if (result.created) this.counts.inserted += 1;
        else this.counts.updated += 1;
        if (pending.note) this.report(pending.note, false);
        save.push(snapshotOf(item.userId, pending, result.zendeskId));
        continue;
      }
      this.report({ userId: item.userId, label, code: result.code, reason: result.reason }, true);
      if (result.notFound) forget.push(item.userId);
    }
    const { store, pushId } = this.o;
    if (save.length) await store.savePushSnapshots(pushId, save, this.o.now());
    if (forget.length) await store.forgetZendeskIds(pushId, forget);
  }
}
