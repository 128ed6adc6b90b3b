import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { ProcessLock, RunLockRow } from '../jobs/run-lock';
import type { Snapshot } from '../push/types';
import { MIGRATIONS } from './migrations';
import { clearZendeskIds, readSnapshots, writeSnapshots } from './push-snapshots';
import type { HandledEvent, HeldRun, LinkUse, OAuthState, Store } from './store';
import { oauthStateOf, type OAuthStateRow } from './oauth-state-row';

// SQLite caps bound parameters per statement; stay well under it.
const MAX_PARAMS = 500;

function migrate(db: Database.Database): void {
  db.exec(
    'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)',
  );
  const applied = new Set(
    db
      .prepare('SELECT version FROM schema_migrations')
      .all()
      .map((row) => (row as { version: number }).version),
  );
  const record = db.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)');
  for (const migration of MIGRATIONS) {
    if (applied.has(migration.version)) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      record.run(migration.version, new Date().toISOString());
    })();
  }
}

/**
 * The store holds sealed tokens, the creation journal and the ledger: readable by the companion's
 * user only. A folder it creates is 0700; the database is created 0600, and SQLite gives its WAL
 * and shared-memory files the database's mode. Files left looser by an earlier version are
 * tightened; an existing folder is not touched (it may be shared, such as the working directory).
 */
function ownerOnly(path: string): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  closeSync(openSync(path, 'a', 0o600));
  for (const file of [path, `${path}-wal`, `${path}-shm`]) if (existsSync(file)) chmodSync(file, 0o600);
}

/** The embedded store. `:memory:` works for tests. */
export class SqliteStore implements Store {
  private readonly memoryLocks = new Set<string>();

  private constructor(
    private readonly db: Database.Database,
    private readonly path: string,
  ) {}

  static open(path: string): SqliteStore {
    if (path !== ':memory:') ownerOnly(path);
    const db = new Database(path);
    // WAL keeps readers from blocking the writer; NORMAL sync is durable across a process kill
    // (only an OS crash can lose the last transaction, which redelivery then covers).
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 5000');
    migrate(db);
    return new SqliteStore(db, path);
  }

  async getReplayId(channel: string): Promise<number | undefined> {
    const row = this.db.prepare('SELECT replay_id FROM stream_positions WHERE channel = ?').get(channel) as
      { replay_id: number } | undefined;
    return row?.replay_id;
  }

  async handledAmong(uuids: string[]): Promise<Set<string>> {
    const found = new Set<string>();
    for (let i = 0; i < uuids.length; i += MAX_PARAMS) {
      const chunk = uuids.slice(i, i + MAX_PARAMS);
      const rows = this.db
        .prepare(
          `SELECT event_uuid FROM processed_events WHERE event_uuid IN (${chunk.map(() => '?').join(',')})`,
        )
        .all(...chunk) as { event_uuid: string }[];
      for (const row of rows) found.add(row.event_uuid);
    }
    return found;
  }

  async markHandled(channel: string, events: HandledEvent[]): Promise<void> {
    if (events.length === 0) return;
    const now = new Date().toISOString();
    const ledger = this.db.prepare(
      'INSERT OR IGNORE INTO processed_events (event_uuid, channel, replay_id, processed_at) VALUES (?, ?, ?, ?)',
    );
    const position = this.db.prepare(
      `INSERT INTO stream_positions (channel, replay_id, updated_at) VALUES (?, ?, ?)
       ON CONFLICT (channel) DO UPDATE SET replay_id = excluded.replay_id, updated_at = excluded.updated_at`,
    );
    this.db.transaction(() => {
      for (const event of events) ledger.run(event.eventUuid, channel, event.replayId, now);
      position.run(channel, events[events.length - 1].replayId, now);
    })();
  }

  async recordCreation(userId: string, operatorId: string): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO iadvize_creations (user_id, operator_id, created_at) VALUES (?, ?, ?)
         ON CONFLICT (user_id) DO UPDATE SET operator_id = excluded.operator_id, created_at = excluded.created_at`,
      )
      .run(userId, operatorId, new Date().toISOString());
  }

  async createdOperators(userIds: string[]): Promise<Map<string, string>> {
    const found = new Map<string, string>();
    for (let i = 0; i < userIds.length; i += MAX_PARAMS) {
      const chunk = userIds.slice(i, i + MAX_PARAMS);
      const rows = this.db
        .prepare(
          `SELECT user_id, operator_id FROM iadvize_creations WHERE user_id IN (${chunk.map(() => '?').join(',')})`,
        )
        .all(...chunk) as { user_id: string; operator_id: string }[];
      for (const row of rows) found.set(row.user_id, row.operator_id);
    }
    return found;
  }

  async pruneLedger(olderThan: Date): Promise<number> {
    return this.db.prepare('DELETE FROM processed_events WHERE processed_at < ?').run(olderThan.toISOString())
      .changes;
  }

  async saveSealedTokens(provider: string, sealed: string): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO oauth_tokens (provider, sealed, updated_at) VALUES (?, ?, ?)
         ON CONFLICT (provider) DO UPDATE SET sealed = excluded.sealed, updated_at = excluded.updated_at`,
      )
      .run(provider, sealed, new Date().toISOString());
  }

  async loadSealedTokens(provider: string): Promise<string | undefined> {
    const row = this.db.prepare('SELECT sealed FROM oauth_tokens WHERE provider = ?').get(provider) as
      { sealed: string } | undefined;
    return row?.sealed;
  }

  async putOAuthState(record: OAuthState, createdAt: Date = new Date()): Promise<void> {
    this.db
      .prepare(
        'INSERT INTO oauth_states (state, provider, subdomain, code_verifier, browser_hash, scope, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      )
      .run(
        record.state,
        record.provider,
        record.subdomain ?? null,
        record.codeVerifier ?? null,
        record.browserHash ?? null,
        record.scope ?? null,
        createdAt.toISOString(),
      );
  }

  async takeOAuthState(
    state: string,
    maxAgeMs: number,
    now: Date = new Date(),
  ): Promise<OAuthState | undefined> {
    // DELETE ... RETURNING reads and consumes in one statement: two racing callbacks cannot both win.
    const row = this.db
      .prepare(
        'DELETE FROM oauth_states WHERE state = ? RETURNING provider, subdomain, code_verifier, browser_hash, scope, created_at',
      )
      .get(state) as OAuthStateRow<string> | undefined;
    return row && oauthStateOf(state, row, Date.parse(row.created_at), maxAgeMs, now);
  }

  async pruneOAuthStates(olderThan: Date): Promise<number> {
    return this.db.prepare('DELETE FROM oauth_states WHERE created_at < ?').run(olderThan.toISOString())
      .changes;
  }

  async useConnectLink(
    link: { provider: string; nonceHash: string; issuedAt: Date; expiresAt: Date },
    now: Date,
  ): Promise<LinkUse> {
    return this.db
      .transaction((): LinkUse => {
        this.db.prepare('DELETE FROM connect_links_used WHERE expires_at < ?').run(now.toISOString());
        const connected = this.db
          .prepare('SELECT connected_at FROM source_connections WHERE provider = ?')
          .get(link.provider) as { connected_at: string } | undefined;
        // Expiries carry whole seconds: a link issued in the second of the connection still opens.
        if (connected && Date.parse(connected.connected_at) - link.issuedAt.getTime() >= 1000)
          return 'superseded';
        const inserted = this.db
          .prepare(
            'INSERT OR IGNORE INTO connect_links_used (nonce_hash, provider, expires_at) VALUES (?, ?, ?)',
          )
          .run(link.nonceHash, link.provider, link.expiresAt.toISOString());
        return inserted.changes === 1 ? 'fresh' : 'used';
      })
      .immediate();
  }

  async recordConnection(provider: string, at: Date): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO source_connections (provider, connected_at) VALUES (?, ?)
         ON CONFLICT (provider) DO UPDATE SET connected_at = excluded.connected_at`,
      )
      .run(provider, at.toISOString());
  }

  async tryProcessLock(name: string): Promise<ProcessLock | undefined> {
    if (this.path === ':memory:') {
      if (this.memoryLocks.has(name)) return undefined;
      this.memoryLocks.add(name);
      return { release: async () => void this.memoryLocks.delete(name) };
    }
    // A file of its own per lock, held by an exclusive transaction on its own connection: SQLite's
    // file lock, which the kernel drops when the holding process dies, also as PID 1 of a container.
    const file = `${this.path}.${name}.lock`;
    ownerOnly(file);
    const db = new Database(file, { timeout: 0 });
    try {
      db.exec('BEGIN EXCLUSIVE');
    } catch (error) {
      db.close();
      if ((error as { code?: string }).code === 'SQLITE_BUSY') return undefined;
      throw error;
    }
    return {
      release: async () => {
        if (!db.open) return;
        db.exec('ROLLBACK');
        db.close();
      },
    };
  }

  async putRunLock(source: string, owner: string, takenAt: Date): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO run_locks (source, owner, run_id, heartbeat_at) VALUES (?, ?, NULL, ?)
         ON CONFLICT (source) DO UPDATE SET owner = excluded.owner, run_id = NULL, heartbeat_at = excluded.heartbeat_at`,
      )
      .run(source, owner, takenAt.toISOString());
  }

  async attachRunToLock(source: string, owner: string, runId: string): Promise<void> {
    this.db
      .prepare('UPDATE run_locks SET run_id = ? WHERE source = ? AND owner = ?')
      .run(runId, source, owner);
  }

  async releaseRunLock(source: string, owner: string): Promise<void> {
    this.db.prepare('DELETE FROM run_locks WHERE source = ? AND owner = ?').run(source, owner);
  }

  async runLocks(): Promise<RunLockRow[]> {
    return this.db
      .prepare('SELECT source, owner, run_id AS runId, heartbeat_at AS takenAt FROM run_locks')
      .all() as RunLockRow[];
  }

  async holdDeactivations(source: string, runId: string, keys: string[], at: Date): Promise<void> {
    const key = this.db.prepare('INSERT OR IGNORE INTO held_keys (run_id, source_key) VALUES (?, ?)');
    this.db.transaction(() => {
      this.db
        .prepare(
          "INSERT INTO held_runs (run_id, source, state, closed_by, held_at) VALUES (?, ?, 'held', NULL, ?)",
        )
        .run(runId, source, at.toISOString());
      for (const k of keys) key.run(runId, k);
    })();
  }

  async heldRun(runId: string): Promise<HeldRun | undefined> {
    return this.db
      .prepare('SELECT run_id AS runId, source, state, closed_by AS closedBy FROM held_runs WHERE run_id = ?')
      .get(runId) as HeldRun | undefined;
  }

  async heldKeys(runId: string): Promise<Set<string>> {
    const rows = this.db.prepare('SELECT source_key FROM held_keys WHERE run_id = ?').all(runId) as Array<{
      source_key: string;
    }>;
    return new Set(rows.map((r) => r.source_key));
  }

  async confirmHeldRun(runId: string, by: string): Promise<void> {
    this.db.transaction(() => {
      this.db
        .prepare("UPDATE held_runs SET state = 'confirmed', closed_by = ? WHERE run_id = ?")
        .run(by, runId);
      this.db.prepare('DELETE FROM held_keys WHERE run_id = ?').run(runId);
    })();
  }

  async supersedeHeldRuns(source: string, by: string, except?: string): Promise<string[]> {
    return this.db.transaction(() => {
      const ids = (
        this.db
          .prepare("SELECT run_id FROM held_runs WHERE source = ? AND state = 'held' AND run_id <> ?")
          .all(source, except ?? '') as Array<{ run_id: string }>
      ).map((r) => r.run_id);
      const close = this.db.prepare(
        "UPDATE held_runs SET state = 'superseded', closed_by = ? WHERE run_id = ?",
      );
      const drop = this.db.prepare('DELETE FROM held_keys WHERE run_id = ?');
      for (const id of ids) {
        close.run(by, id);
        drop.run(id);
      }
      return ids;
    })();
  }

  async pushSnapshots(pushId: string, userIds: readonly string[]): Promise<Map<string, Snapshot>> {
    return readSnapshots(this.db, pushId, userIds);
  }

  async savePushSnapshots(pushId: string, snapshots: readonly Snapshot[], at: Date): Promise<void> {
    writeSnapshots(this.db, pushId, snapshots, at);
  }

  async forgetZendeskIds(pushId: string, userIds: readonly string[]): Promise<void> {
    clearZendeskIds(this.db, pushId, userIds);
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
