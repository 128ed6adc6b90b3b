/** The held runs (store.ts, HeldRunStore) in PostgreSQL, kept apart from the rest of the store. */
import type { Pool } from 'pg';
import type { HeldRun } from '../store';
import { inTransaction } from './transaction';

export async function holdDeactivations(
  pool: Pool,
  source: string,
  runId: string,
  keys: string[],
  at: Date,
): Promise<void> {
  await inTransaction(pool, async (client) => {
    await client.query(
      "INSERT INTO held_runs (run_id, source, state, closed_by, held_at) VALUES ($1, $2, 'held', NULL, $3)",
      [runId, source, at],
    );
    await client.query(
      'INSERT INTO held_keys (run_id, source_key) SELECT $1, k FROM unnest($2::text[]) AS k ON CONFLICT DO NOTHING',
      [runId, keys],
    );
  });
}

export async function heldRun(pool: Pool, runId: string): Promise<HeldRun | undefined> {
  const { rows } = await pool.query<HeldRun>(
    'SELECT run_id AS "runId", source, state, closed_by AS "closedBy" FROM held_runs WHERE run_id = $1',
    [runId],
  );
  return rows[0];
}

export async function heldKeys(pool: Pool, runId: string): Promise<Set<string>> {
  const { rows } = await pool.query<{ source_key: string }>(
    'SELECT source_key FROM held_keys WHERE run_id = $1',
    [runId],
  );
  return new Set(rows.map((r) => r.source_key));
}

export async function confirmHeldRun(pool: Pool, runId: string, by: string): Promise<void> {
  await inTransaction(pool, async (client) => {
    await client.query("UPDATE held_runs SET state = 'confirmed', closed_by = $1 WHERE run_id = $2", [
      by,
      runId,
    ]);
    await client.query('DELETE FROM held_keys WHERE run_id = $1', [runId]);
  });
}

export async function supersedeHeldRuns(
  pool: Pool,
  source: string,
  by: string,
  except?: string,
): Promise<string[]> {
  return inTransaction(pool, async (client) => {
    const { rows } = await client.query<{ run_id: string }>(
      `UPDATE held_runs SET state = 'superseded', closed_by = $1
       WHERE source = $2 AND state = 'held' AND run_id <> $3 RETURNING run_id`,
      [by, source, except ?? ''],
    );
    const ids = rows.map((r) => r.run_id);
    await client.query('DELETE FROM held_keys WHERE run_id = ANY($1::text[])', [ids]);
    return ids;
  });
}
