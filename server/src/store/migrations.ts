/**
 * Schema migrations, applied in order and recorded in schema_migrations. Never edit a released
 * migration: add a new one.
 */
export const MIGRATIONS: ReadonlyArray<{ version: number; sql: string }> = [
  {
    version: 1,
    sql: `
      CREATE TABLE stream_positions (
        channel    TEXT PRIMARY KEY,
        replay_id  INTEGER NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE TABLE processed_events (
        event_uuid   TEXT PRIMARY KEY,
        channel      TEXT NOT NULL,
        replay_id    INTEGER NOT NULL,
        processed_at TEXT NOT NULL
      );
      CREATE INDEX processed_events_at ON processed_events (processed_at);
    `,
  },
  {
    version: 2,
    sql: `
      CREATE TABLE iadvize_creations (
        user_id     TEXT PRIMARY KEY,
        operator_id TEXT NOT NULL,
        created_at  TEXT NOT NULL
      );
    `,
  },
  {
    // OAuth: tokens only ever stored sealed (lib/crypto-box), and the pending authorizations whose
    // `state` (and PKCE verifier) the callback must find again, possibly after a restart.
    version: 3,
    sql: `
      CREATE TABLE oauth_tokens (
        provider   TEXT PRIMARY KEY,
        sealed     TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE TABLE oauth_states (
        state         TEXT PRIMARY KEY,
        provider      TEXT NOT NULL,
        subdomain     TEXT,
        code_verifier TEXT,
        created_at    TEXT NOT NULL
      );
      CREATE INDEX oauth_states_created_at ON oauth_states (created_at);
    `,
  },
  {
    // Never two runs of one source at once (jobs/run-lock.ts): the row outlives the process that took
    // it, so a crash leaves the run it ran for the next holder to mark Failed. heartbeat_at is read
    // as the time the lock was taken; liveness is a process lock, not this table.
    version: 4,
    sql: `
      CREATE TABLE run_locks (
        source       TEXT PRIMARY KEY,
        owner        TEXT NOT NULL,
        run_id       TEXT,
        heartbeat_at TEXT NOT NULL
      );
    `,
  },
  {
    // The OAuth state is bound to the browser that started the flow: the hash of a nonce kept in an
    // HttpOnly cookie (connect/browser-binding.ts). Rows from before have none and are refused.
    version: 5,
    sql: `
      ALTER TABLE oauth_states ADD COLUMN browser_hash TEXT;
    `,
  },
  {
    // Connect links are single use: the hash of each opened link's nonce, kept until the link
    // expires; and when each source last connected, before which no link opens any more.
    version: 6,
    sql: `
      CREATE TABLE connect_links_used (
        nonce_hash TEXT PRIMARY KEY,
        provider   TEXT NOT NULL,
        expires_at TEXT NOT NULL
      );
      CREATE TABLE source_connections (
        provider     TEXT PRIMARY KEY,
        connected_at TEXT NOT NULL
      );
    `,
  },
  {
    // Held deactivations (jobs/held-runs.ts): a held run's source keys, so that an admin's
    // confirmation applies to what that run showed and nothing more. A run stays 'held' until it is
    // confirmed or a later complete run of the source supersedes it; its keys are then dropped.
    version: 7,
    sql: `
      CREATE TABLE held_runs (
        run_id    TEXT PRIMARY KEY,
        source    TEXT NOT NULL,
        state     TEXT NOT NULL CHECK (state IN ('held', 'confirmed', 'superseded')),
        closed_by TEXT,
        held_at   TEXT NOT NULL
      );
      CREATE INDEX held_runs_source_state ON held_runs (source, state);
      CREATE TABLE held_keys (
        run_id     TEXT NOT NULL,
        source_key TEXT NOT NULL,
        PRIMARY KEY (run_id, source_key)
      );
    `,
  },
  {
    // The push to Zendesk (push/): per push and Salesforce user, the fingerprints of what Zendesk
    // last confirmed (never the values: no personal data here) and the Zendesk id it answered, so that
    // an activation sends only what changed and updates known users without looking them up.
    version: 8,
    sql: `
      CREATE TABLE push_snapshots (
        push_id      TEXT NOT NULL,
        user_id      TEXT NOT NULL,
        hash         TEXT NOT NULL,
        fingerprints TEXT NOT NULL,
        zendesk_id   INTEGER,
        pushed_at    TEXT NOT NULL,
        PRIMARY KEY (push_id, user_id)
      ) WITHOUT ROWID;
    `,
  },
  {
    // The scope a Zendesk authorization was started with (read, or read write for a push): the code
    // exchange asks for the same one.
    version: 9,
    sql: `
      ALTER TABLE oauth_states ADD COLUMN scope TEXT;
    `,
  },
];
