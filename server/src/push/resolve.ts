/**
 * Finding changed users in Zendesk: by the id Zendesk gave last time (`show_many?ids=`, 100 a call),
 * else by the match key: external ids 100 a call (`show_many?external_ids=`, any case), emails one
 * search each (Zendesk has no bulk lookup by email), a few at a time. A user whose remembered id is
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

export const EMAIL_LOOKUPS_IN_FLIGHT = 4;
const BY_ID = 100;

/** Each target's Zendesk user, or null when Zendesk has none. */
export async function resolveUsers(
  client: Pick<ZendeskPushClient, 'showManyByIds' | 'showManyByExternalIds' | 'findByEmail'>,
  matchKey: MatchKey,
  targets: readonly LookupTarget[],
): Promise<Map<string, ZendeskPushUser | null>> {
  const found = new Map<string, ZendeskPushUser | null>();
  const byKey: LookupTarget[] = [];
  const known = targets.filter((t) => t.zendeskId !== null);
  for (const part of chunk(known, BY_ID)) {
    const users = new Map((await client.showManyByIds(part.map((t) => t.zendeskId!))).map((u) => [u.id, u]));
    for (const t of part) {
      const user = users.get(t.zendeskId!);
      if (user) found.set(t.userId, user);
      else byKey.push(t);
    }
  }
  byKey.push(...targets.filter((t) => t.zendeskId === null));
  if (matchKey === 'external_id') {
    for (const part of chunk(byKey, BY_ID)) {
      const users = await client.showManyByExternalIds([...new Set(part.map((t) => t.key))]);
      const byExternal = new Map(
        users.filter((u) => u.externalId).map((u) => [u.externalId!.toLowerCase(), u]),
      );
      for (const t of part) found.set(t.userId, byExternal.get(t.key.toLowerCase()) ?? null);
    }
    return found;
  }
  const answers = await mapLimit(byKey, EMAIL_LOOKUPS_IN_FLIGHT, (t) => client.findByEmail(t.key));
  byKey.forEach((t, i) => found.set(t.userId, answers[i] ?? null));
  return found;
}
