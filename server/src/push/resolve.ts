/**
 * Finding changed users in Zendesk: by the id Zendesk gave last time (`show_many?ids=`, 100 a call),
 * else by the match key: external ids 100 a call (`show_many?external_ids=`, any case), emails one
 * search each (Zendesk has no bulk lookup by email); a few calls in flight at a time. A user whose remembered id is
 * gone (deleted, merged) is looked up by its key in the same activation.
 */
import { mapLimit } from '../lib/map-limit';
import type { ZendeskPushClient } from '../sources/zendesk/push-client';
import type { ZendeskPushUser } from '../sources/zendesk/push-types';
import { chunk } from '../salesforce/soql';
import type { MatchKey } from './types';

export interface LookupTarget {
  userId: string;
  key: string;
  zendeskId: number | null;
}

/** Lookups in flight at once: a few, well inside Zendesk's per-minute budget per page of users. */
export const LOOKUPS_IN_FLIGHT = 4;
const BY_ID = 100;

/** Each target's Zendesk user, or null when Zendesk has none. */
export async function resolveUsers(
  client: Pick<ZendeskPushClient, 'showManyByIds' | 'showManyByExternalIds' | 'findByEmail'>,
  matchKey: MatchKey,
  targets: readonly LookupTarget[],
): Promise<Map<string, ZendeskPushUser | null>> {
  const found = new Map<string, ZendeskPushUser | null>();
  const byKey: LookupTarget[] = [];
  const known = chunk(
    targets.filter((t) => t.zendeskId !== null),
    BY_ID,
  );
  const byId = await mapLimit(known, LOOKUPS_IN_FLIGHT, (part) =>
    client.showManyByIds(part.map((t) => t.zendeskId!)),
  );
  for (const [i, part] of known.entries()) {
    const users = new Map(byId[i].map((u) => [u.id, u]));
    for (const t of part) {
      const user = users.get(t.zendeskId!);
      if (user) found.set(t.userId, user);
      else byKey.push(t);
    }
  }
  byKey.push(...targets.filter((t) => t.zendeskId === null));
  if (matchKey === 'external_id') {
    const parts = chunk(byKey, BY_ID);
    const answers = await mapLimit(parts, LOOKUPS_IN_FLIGHT, (part) =>
      client.showManyByExternalIds([...new Set(part.map((t) => t.key))]),
    );
    for (const [i, part] of parts.entries()) {
      const users = answers[i];
      const byExternal = new Map(
        users.filter((u) => u.externalId).map((u) => [u.externalId!.toLowerCase(), u]),
      );
      for (const t of part) found.set(t.userId, byExternal.get(t.key.toLowerCase()) ?? null);
    }
    return found;
  }
  const answers = await mapLimit(byKey, LOOKUPS_IN_FLIGHT, (t) => client.findByEmail(t.key));
  byKey.forEach((t, i) => found.set(t.userId, answers[i] ?? null));
  return found;
}
