import { z } from 'zod';
import type { PlatformEvent } from '../salesforce/platform-event';
import { SALESFORCE_ID } from '../salesforce/soql';
import type { SyncAction } from './sync-user';

const payloadSchema = z.object({
  User_Id__c: z.string().regex(SALESFORCE_ID),
  Action__c: z.enum(['CREATE', 'LINK']),
  // Every platform event carries it; only the metrics read it (how long a request waited).
  CreatedDate: z.unknown().optional(),
});

export interface SyncRequest {
  userId: string;
  action: SyncAction;
  /** When the request was published (the event's CreatedDate), in ms since the epoch, if it says. */
  publishedAt?: number;
}

function publishedAtOf(createdDate: unknown): number | undefined {
  const at = typeof createdDate === 'string' ? Date.parse(createdDate) : NaN;
  return Number.isNaN(at) ? undefined : at;
}

export interface ParsedRequests {
  requests: SyncRequest[];
  malformed: Array<{ eventUuid: string; reason: string }>;
}

/**
 * The requests of a batch, one per user: when a user was saved several times before the batch,
 * the last request stands (it reflects what the admin did last).
 */
export function requestsOf(events: PlatformEvent[]): ParsedRequests {
  const byUser = new Map<string, SyncRequest>();
  const malformed: ParsedRequests['malformed'] = [];
  for (const event of events) {
    const parsed = payloadSchema.safeParse(event.payload);
    if (!parsed.success) {
      malformed.push({
        eventUuid: event.eventUuid,
        reason: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
      });
      continue;
    }
    const userId = parsed.data.User_Id__c;
    byUser.delete(userId); // keep insertion order = order of the last request
    const publishedAt = publishedAtOf(parsed.data.CreatedDate);
    byUser.set(userId, { userId, action: parsed.data.Action__c, ...(publishedAt && { publishedAt }) });
  }
  return { requests: [...byUser.values()], malformed };
}
