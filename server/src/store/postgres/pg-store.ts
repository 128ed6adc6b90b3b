import { Pool } from 'pg';
import type { ProcessLock, RunLockRow } from '../../jobs/run-lock';
import type { Snapshot } from '../../push/types';
import type { HandledEvent, HeldRun, LinkUse, OAuthState, Store } from '../store';
import { oauthStateOf, type OAuthStateRow } from '../oauth-state-row';
import { MIGRATION_LOCK_SQL, tryAdvisoryLock } from './advisory-lock';
import * as held from './held-runs';
import { PG_MIGRATIONS } from './migrations';
import { clearZendeskIds, readSnapshots, writeSnapshots } from './push-snapshots';
import { inTransaction } from './transaction';

/** Applies the missing migrations in one transaction, one instance at a time. */
async function migrate(pool: Pool): Promise<void> {
  await inTransaction(pool, async (client) => {
    await client.query(MIGRATION_LOCK_SQL);
    await client.query(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL)',
    );
    const { rows } = await client.query<{ version: number }>('SELECT version FROM schema_migrations');
    const applied = new Set(rows.map((r) => r.version));
    for (const migration of PG_MIGRATIONS) {
      if (applied.has(migration.version)) continue;
      await client.query(migration.sql);
      await client.query('INSERT INTO schema_migrations (version, applied_at) VALUES ($1, now())', [
        migration.version,
      ]);
    }
  });
}

type OAuthRow = OAuthStateRow<Date>;

/**
 * The shared store, for several companion instances against one PostgreSQL (DATABASE_URL). Same
 * contract as the SQLite store; locks are session-level advisory locks on connections of their own.
 */
export class PgStore implements Store {
  private constructor(
    private readonly pool: Pool,
    private readonly url: string,
  ) {}

  static async open(url: string): Promise<PgStore> {
    const pool = new Pool({ connectionString: url, max: 5, keepAlive: true });
    // An idle pooled connection dropped by the server is replaced on next use: nothing to crash on.
    pool.on('error', () => undefined);
    try {
      await migrate(pool);
    } catch (error) {
      await pool.end();
      throw error;
    }
    return new PgStore(pool, url);
  }

  async getReplayId(channel: string): Promise<number | undefined> {
    const { rows } = await this.pool.query<{ replay_id: string }>(
      'SELECT replay_id FROM stream_positions WHERE channel = $1',
      [channel],
    );
    return rows[0] ? Number(rows[0].replay_id) : undefined;
  }

  async handledAmong(uuids: string[]): Promise<Set<string>> {
    const { rows } = await this.pool.query<{ event_uuid: string }>(
      'SELECT event_uuid FROM processed_events WHERE event_uuid = ANY($1::text[])',
      [uuids],
    );
    return new Set(rows.map((r) => r.event_uuid));
  }

  async markHandled(channel: string, events: HandledEvent[]): Promise<void> {
    if (events.length === 0) return;
    await inTransaction(this.pool, async (client) => {
      // ON CONFLICT DO NOTHING on the event uuid: a batch handled again after a takeover adds nothing.
      await client.query(
        `INSERT INTO processed_events (event_uuid, channel, replay_id, processed_at)
         SELECT u, $1, r, now() FROM unnest($2::text[], $3::bigint[]) AS t(u, r) ON CONFLICT DO NOTHING`,
        [channel, events.map((e) => e.eventUuid), events.map((e) => e.replayId)],
      );
      await client.query(
        `INSERT INTO stream_positions (channel, replay_id, updated_at) VALUES ($1, $2, now())
         ON CONFLICT (channel) DO UPDATE SET replay_id = excluded.replay_id, updated_at = excluded.updated_at`,
        [channel, events[events.length - 1].replayId],
      );
    });
  }

  async pruneLedger(olderThan: Date): Promise<number> {
    return (
      (await this.pool.query('DELETE FROM processed_events WHERE processed_at < $1', [olderThan])).rowCount ??
      0
    );
  }

  async recordCreation(userId: string, operatorId: string): Promise<void> {
    await this.pool.query(
      `INSERT INTO iadvize_creations (user_id, operator_id, created_at) VALUES ($1, $2, now())
       ON CONFLICT (user_id) DO UPDATE SET operator_id = excluded.operator_id, created_at = excluded.created_at`,
      [userId, operatorId],
    );
  }

  async createdOperators(userIds: string[]): Promise<Map<string, string>> {
    const { rows } = await this.pool.query<{ user_id: string; operator_id: string }>(
      'SELECT user_id, operator_id FROM iadvize_creations WHERE user_id = ANY($1::text[])',
      [userIds],
    );
    return new Map(rows.map((r) => [r.user_id, r.operator_id]));
  }

  async saveSealedTokens(provider: string, sealed: string): Promise<void> {
    await this.pool.query(
      `INSERT INTO oauth_tokens (provider, sealed, updated_at) VALUES ($1, $2, now())
       ON CONFLICT (provider) DO UPDATE SET sealed = excluded.sealed, updated_at = excluded.updated_at`,
      [provider, sealed],
    );
  }

  async loadSealedTokens(provider: string): Promise<string | undefined> {
    const { rows } = await this.pool.query<{ sealed: string }>(
      'SELECT sealed FROM oauth_tokens WHERE provider = $1',
      [provider],
    );
    return rows[0]?.sealed;
  }

  async putOAuthState(record: OAuthState, createdAt: Date = new Date()): Promise<void> {
    await this.pool.query(
      `INSERT INTO oauth_states (state, provider, subdomain, code_verifier, browser_hash, scope, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        record.state,
        record.provider,
        record.subdomain ?? null,
        record.codeVerifier ?? null,
        record.browserHash ?? null,
        record.scope ?? null,
        createdAt,
      ],
    );
  }

  async takeOAuthState(
    state: string,
    maxAgeMs: number,
    now: Date = new Date(),
  ): Promise<OAuthState | undefined> {
    // DELETE ... RETURNING reads and consumes in one statement: two racing callbacks cannot both win.
    const { rows } = await this.pool.query<OAuthRow>(
      'DELETE FROM oauth_states WHERE state = $1 RETURNING provider, subdomain, code_verifier, browser_hash, scope, created_at',
      [state],
    );
    const row = rows[0];
    return row && oauthStateOf(state, row, row.created_at.getTime(), maxAgeMs, now);
  }

  async pruneOAuthStates(olderThan: Date): Promise<number> {
    return (
      (await this.pool.query('DELETE FROM oauth_states WHERE created_at < $1', [olderThan])).rowCount ?? 0
    );
  }

  async useConnectLink(
    link: { provider: string; nonceHash: string; issuedAt: Date; expiresAt: Date },
    now: Date,
  ): Promise<LinkUse> {
    return inTransaction(this.pool, async (client) => {
      await client.query('DELETE FROM connect_links_used WHERE expires_at < $1', [now]);
      const { rows } = await client.query<{ connected_at: Date }>(
        'SELECT connected_at FROM source_connections WHERE provider = $1',
        [link.provider],
      );
      // Expiries carry whole seconds: a link issued in the second of the connection still opens.
      if (rows[0] && rows[0].connected_at.getTime() - link.issuedAt.getTime() >= 1000) return 'superseded';
      // The primary key decides between two instances opening one link at once: one insert wins.
      const inserted = await client.query(
        'INSERT INTO connect_links_used (nonce_hash, provider, expires_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING',
        [link.nonceHash, link.provider, link.expiresAt],
      );
      return inserted.rowCount === 1 ? 'fresh' : 'used';
    });
  }

  async recordConnection(provider: string, at: Date): Promise<void> {
    await this.pool.query(
      `INSERT INTO source_connections (provider, connected_at) VALUES ($1, $2)
       ON CONFLICT (provider) DO UPDATE SET connected_at = excluded.connected_at`,
      [provider, at],
    );
  }

  tryProcessLock(name: string): Promise<ProcessLock | undefined> {
    return tryAdvisoryLock(this.url, name);
  }

  async putRunLock(source: string, owner: string, takenAt: Date): Promise<void> {
    await this.pool.query(
      `INSERT INTO run_locks (source, owner, run_id, heartbeat_at) VALUES ($1, $2, NULL, $3)
       ON CONFLICT (source) DO UPDATE SET owner = excluded.owner, run_id = NULL, heartbeat_at = excluded.heartbeat_at`,
      [source, owner, takenAt],
    );
  }

  async attachRunToLock(source: string, owner: string, runId: string): Promise<void> {
    await this.pool.query('UPDATE run_locks SET run_id = $1 WHERE source = $2 AND owner = $3', [
      runId,
      source,
      owner,
    ]);
  }

  async releaseRunLock(source: string, owner: string): Promise<void> {
    await this.pool.query('DELETE FROM run_locks WHERE source = $1 AND owner = $2', [source, owner]);
  }

  async runLocks(): Promise<RunLockRow[]> {
    const { rows } = await this.pool.query<{
      source: string;
      owner: string;
      run_id: string | null;
      taken: Date;
    }>('SELECT source, owner, run_id, heartbeat_at AS taken FROM run_locks');
    return rows.map((r) => ({
      source: r.source,
      owner: r.owner,
      runId: r.run_id,
      takenAt: r.taken.toISOString(),
    }));
  }

  holdDeactivations(source: string, runId: string, keys: string[], at: Date): Promise<void> {
    return held.holdDeactivations(this.pool, source, runId, keys, at);
  }

  heldRun(runId: string): Promise<HeldRun | undefined> {
    return held.heldRun(this.pool, runId);
  }

  heldKeys(runId: string): Promise<Set<string>> {
    return held.heldKeys(this.pool, runId);
  }

  confirmHeldRun(runId: string, by: string): Promise<void> {
    return held.confirmHeldRun(this.pool, runId, by);
  }

  supersedeHeldRuns(source: string, by: string, except?: string): Promise<string[]> {
    return held.supersedeHeldRuns(this.pool, source, by, except);
  }

  pushSnapshots(pushId: string, userIds: readonly string[]): Promise<Map<string, Snapshot>> {
    return readSnapshots(this.pool, pushId, userIds);
  }

  savePushSnapshots(pushId: string, snapshots: readonly Snapshot[], at: Date): Promise<void> {
    return writeSnapshots(this.pool, pushId, snapshots, at);
  }

  forgetZendeskIds(pushId: string, userIds: readonly string[]): Promise<void> {
    return clearZendeskIds(this.pool, pushId, userIds);
  }

  private closed = false;

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }
}
