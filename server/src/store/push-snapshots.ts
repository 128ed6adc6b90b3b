/** The SQL of the push snapshots (store.ts, PushSnapshotStore), kept apart from the rest of the store. */
import type Database from 'better-sqlite3';
import type { Snapshot } from '../push/types';

// SQLite caps bound parameters per statement; stay well under it.
const CHUNK = 400;

interface Row {
  user_id: string;
  hash: string;
  fingerprints: string;
  zendesk_id: number | null;
}

export function readSnapshots(
  db: Database.Database,
  pushId: string,
  userIds: readonly string[],
): Map<string, Snapshot> {
  const found = new Map<string, Snapshot>();
  for (let i = 0; i < userIds.length; i += CHUNK) {
    const part = userIds.slice(i, i + CHUNK);
    const rows = db
      .prepare(
        `SELECT user_id, hash, fingerprints, zendesk_id FROM push_snapshots WHERE push_id = ? AND user_id IN (${part.map(() => '?').join(',')})`,
      )
      .all(pushId, ...part) as Row[];
    for (const r of rows)
      found.set(r.user_id, {
        userId: r.user_id,
        hash: r.hash,
        fingerprints: JSON.parse(r.fingerprints) as Record<string, string>,
        zendeskId: r.zendesk_id,
      });
  }
  return found;
}

export function writeSnapshots(
  db: Database.Database,
  pushId: string,
  snapshots: readonly Snapshot[],
  at: Date,
): void {
  const put = db.prepare(
    `INSERT INTO push_snapshots (push_id, user_id, hash, fingerprints, zendesk_id, pushed_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (push_id, user_id) DO UPDATE SET hash = excluded.hash, fingerprints = excluded.fingerprints,
       zendesk_id = excluded.zendesk_id, pushed_at = excluded.pushed_at`,
  );
  const when = at.toISOString();
  db.transaction(() => {
    for (const s of snapshots)
      put.run(pushId, s.userId, s.hash, JSON.stringify(s.fingerprints), s.zendeskId, when);
  })();
}

export function clearZendeskIds(db: Database.Database, pushId: string, userIds: readonly string[]): void {
  const clear = db.prepare('UPDATE push_snapshots SET zendesk_id = NULL WHERE push_id = ? AND user_id = ?');
  db.transaction(() => {
    for (const id of userIds) clear.run(pushId, id);
  })();
}
