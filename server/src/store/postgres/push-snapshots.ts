/** The push snapshots (store.ts, PushSnapshotStore) in PostgreSQL, kept apart from the rest of the store. */
import type { Pool } from 'pg';
import type { Snapshot } from '../../push/types';

interface Row {
  user_id: string;
  hash: string;
  fingerprints: string;
  zendesk_id: string | null;
}

export async function readSnapshots(
  pool: Pool,
  pushId: string,
  userIds: readonly string[],
): Promise<Map<string, Snapshot>> {
  const { rows } = await pool.query<Row>(
    'SELECT user_id, hash, fingerprints, zendesk_id FROM push_snapshots WHERE push_id = $1 AND user_id = ANY($2::text[])',
    [pushId, userIds],
  );
  const found = new Map<string, Snapshot>();
  // Kept in the order asked, as SQLite's primary-key order would not be guaranteed either.
  const byId = new Map(rows.map((r) => [r.user_id, r]));
  for (const id of userIds) {
    const r = byId.get(id);
    if (r)
      found.set(id, {
        userId: id,
        hash: r.hash,
        fingerprints: JSON.parse(r.fingerprints) as Record<string, string>,
        // bigint comes back as text; Zendesk ids fit a double exactly.
        zendeskId: r.zendesk_id === null ? null : Number(r.zendesk_id),
      });
  }
  return found;
}

export async function writeSnapshots(
  pool: Pool,
  pushId: string,
  snapshots: readonly Snapshot[],
  at: Date,
): Promise<void> {
  if (snapshots.length === 0) return;
  // One statement, so one transaction, however many users.
  await pool.query(
    `INSERT INTO push_snapshots (push_id, user_id, hash, fingerprints, zendesk_id, pushed_at)
     SELECT $1, u, h, f, z, $6 FROM unnest($2::text[], $3::text[], $4::text[], $5::bigint[]) AS t(u, h, f, z)
     ON CONFLICT (push_id, user_id) DO UPDATE SET hash = excluded.hash, fingerprints = excluded.fingerprints,
       zendesk_id = excluded.zendesk_id, pushed_at = excluded.pushed_at`,
    [
      pushId,
      snapshots.map((s) => s.userId),
      snapshots.map((s) => s.hash),
      snapshots.map((s) => JSON.stringify(s.fingerprints)),
      snapshots.map((s) => s.zendeskId),
      at,
    ],
  );
}

export async function clearZendeskIds(pool: Pool, pushId: string, userIds: readonly string[]): Promise<void> {
  await pool.query(
    'UPDATE push_snapshots SET zendesk_id = NULL WHERE push_id = $1 AND user_id = ANY($2::text[])',
    [pushId, userIds],
  );
}
