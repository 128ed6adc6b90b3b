/**
 * The platform event bus: publishing, retention (72 h for high-volume events by default) and replay.
 *
 * Replay ids are opaque: they only increase, by varying steps, so no client can compute the next one
 * (Platform Events Developer Guide: "Replay ID values aren't guaranteed to be contiguous for
 * consecutive events"). One counter serves every channel of the org.
 */
import { createHash, randomUUID } from 'node:crypto';
import { ObjectDef } from './schema';

export interface RetainedEvent {
  /** '/event/<Name>__e' */
  channel: string;
  replayId: number;
  eventUuid: string;
  /** Datetime the event was published (ISO, e.g. 2026-01-01T00:00:00.000Z). */
  createdDate: string;
  createdById: string;
  /** Payload as delivered: CreatedDate, CreatedById, then every custom field of the event (null when unset). */
  payload: Record<string, unknown>;
  /** Schema id of the event definition. */
  schema: string;
  publishedAt: number;
}

export type EventListener = (event: RetainedEvent) => void;

export const DEFAULT_RETENTION_MS = 72 * 60 * 60 * 1000;

/** A stable 22-char schema id derived from the event's fields (Salesforce's look like 'dffQ2QLzDNHqwB8_sHMxdA'). */
export function schemaIdOf(def: ObjectDef): string {
  const shape = def.fieldOrder.map((n) => `${n}:${def.fields.get(n.toLowerCase())?.type}`).join(',');
  return createHash('sha256').update(`${def.name}|${shape}`).digest('base64url').slice(0, 22);
}

export class EventBus {
  private readonly streams = new Map<string, RetainedEvent[]>();
  private readonly listeners = new Set<EventListener>();
  private lastReplayId: number;

  constructor(
    private readonly retentionMs: number = DEFAULT_RETENTION_MS,
    private readonly now: () => number = Date.now,
  ) {
    this.lastReplayId = 1000 + Math.floor(Math.random() * 9000);
  }

  onPublish(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Publishes one event (fields already validated) and notifies subscribers. */
  publish(def: ObjectDef, fields: Record<string, unknown>, createdById: string): RetainedEvent {
    const publishedAt = this.now();
    const createdDate = new Date(publishedAt).toISOString();
    const payload: Record<string, unknown> = { CreatedDate: createdDate, CreatedById: createdById };
    for (const name of def.fieldOrder) {
      const f = def.fields.get(name.toLowerCase());
      if (f?.custom) payload[name] = fields[name] ?? null;
    }
    this.lastReplayId += 1 + Math.floor(Math.random() * 7);
    const event: RetainedEvent = {
      channel: `/event/${def.name}`,
      replayId: this.lastReplayId,
      eventUuid: randomUUID(),
      createdDate,
      createdById,
      payload,
      schema: schemaIdOf(def),
      publishedAt,
    };
    this.stream(event.channel).push(event);
    for (const listener of this.listeners) listener(event);
    return event;
  }

  /** Retained events of a channel, oldest first (expired ones are dropped first). */
  retained(channel: string): RetainedEvent[] {
    this.prune(channel);
    return [...this.stream(channel)];
  }

  /** Events after `replayId` (-2: every retained event; -1: none). */
  after(channel: string, replayId: number): RetainedEvent[] {
    if (replayId === -1) return [];
    const events = this.retained(channel);
    return replayId === -2 ? events : events.filter((e) => e.replayId > replayId);
  }

  /**
   * Whether a client may resume after `replayId`: it must lie within the retained window, i.e. between
   * the oldest retained event and the newest one [the exact rule is inferred: Salesforce documents only
   * "within the retention window"].
   */
  isReplayable(channel: string, replayId: number): boolean {
    if (replayId === -1 || replayId === -2) return true;
    const events = this.retained(channel);
    if (events.length === 0) return false;
    return replayId >= events[0].replayId && replayId <= events[events.length - 1].replayId;
  }

  /** Simulates the retention window passing over every event with a replay id <= `replayId`. */
  expireUpTo(replayId: number): void {
    for (const [channel, events] of this.streams) {
      this.streams.set(
        channel,
        events.filter((e) => e.replayId > replayId),
      );
    }
  }

  private stream(channel: string): RetainedEvent[] {
    let s = this.streams.get(channel);
    if (!s) this.streams.set(channel, (s = []));
    return s;
  }

  private prune(channel: string): void {
    const cutoff = this.now() - this.retentionMs;
    const s = this.stream(channel);
    let drop = 0;
    while (drop < s.length && s[drop].publishedAt < cutoff) drop++;
    if (drop > 0) s.splice(0, drop);
  }
}
