import { z } from 'zod';
import { err, ok, type Result } from '../lib/result';

/** One platform event as delivered on a CometD channel, reduced to what handlers need. */
export interface PlatformEvent {
  channel: string;
  replayId: number;
  eventUuid: string;
  payload: Record<string, unknown>;
}

// faye hands the subscriber `message.data`: { schema, payload, event: { replayId, EventUuid } }.
const deliverySchema = z.object({
  payload: z.record(z.string(), z.unknown()),
  event: z.object({ replayId: z.number().int(), EventUuid: z.string().min(1) }),
});

export function parseDelivery(channel: string, data: unknown): Result<PlatformEvent, string> {
  const parsed = deliverySchema.safeParse(data);
  if (!parsed.success) {
    return err(
      `malformed event on ${channel}: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`,
    );
  }
  const { payload, event } = parsed.data;
  return ok({ channel, replayId: event.replayId, eventUuid: event.EventUuid, payload });
}

/**
 * Salesforce rejects a subscription whose replay id left the retention window with
 * "400::The replayId {N} you provided was invalid. ...".
 */
export function isReplayRejection(error: unknown): boolean {
  const text =
    typeof error === 'string' ? error : error instanceof Error ? error.message : JSON.stringify(error ?? '');
  return /400::The replayId \{?-?\d+\}? you provided was invalid/i.test(text);
}

/** Removes repeated events (same EventUuid) keeping the first, so one batch never handles one twice. */
export function uniqueByUuid(events: PlatformEvent[]): PlatformEvent[] {
  const seen = new Set<string>();
  return events.filter((event) => (seen.has(event.eventUuid) ? false : (seen.add(event.eventUuid), true)));
}
