/**
 * The store's migrations in PostgreSQL's SQL: the same versions, tables and keys as the SQLite ones
 * (store/migrations.ts), with PostgreSQL's types (timestamptz for times, bigint for ids). A change to
 * the schema is a new version in both lists.
 */
export const PG_MIGRATIONS: ReadonlyArray<{ version: number; sql: string }> = [
  {
    version: 1,
    sql: `
      CREATE TABLE stream_positions (
        channel    text PRIMARY KEY,
        replay_id  bigint NOT NULL,
        updated_at timestamptz NOT NULL
      );
      -- The ledger: the primary key makes recording an event twice (a batch replayed after a
      -- takeover) a no-op.
      CREATE TABLE processed_events (
        event_uuid   text PRIMARY KEY,
        channel      text NOT NULL,
        replay_id    bigint NOT NULL,
        processed_at timestamptz NOT NULL
      );
      CREATE INDEX processed_events_at ON processed_events (processed_at);
    `,
  },
  {
    version: 2,
    sql: `
      CREATE TABLE iadvize_creations (
        user_id     text PRIMARY KEY,
        operator_id text NOT NULL,
        created_at  timestamptz NOT NULL
      );
    `,
  },
  {
    version: 3,
    sql: `
      CREATE TABLE oauth_tokens (
        provider   text PRIMARY KEY,
        sealed     text NOT NULL,
        updated_at timestamptz NOT NULL
      );
      CREATE TABLE oauth_states (
        state         text PRIMARY KEY,
        provider      text NOT NULL,
        subdomain     text,
        code_verifier text,
        created_at    timestamptz NOT NULL
      );
      CREATE INDEX oauth_states_created_at ON oauth_states (created_at);
    `,
  },
  {
    // Who ran which run; liveness is the holder's advisory lock (store/postgres/advisory-lock.ts).
    version: 4,
    sql: `
      CREATE TABLE run_locks (
        source       text PRIMARY KEY,
        owner        text NOT NULL,
        run_id       text,
        heartbeat_at timestamptz NOT NULL
      );
    `,
  },
  {
    version: 5,
    sql: `ALTER TABLE oauth_states ADD COLUMN browser_hash text;`,
  },
  {
    version: 6,
    sql: `
      CREATE TABLE connect_links_used (
        nonce_hash text PRIMARY KEY,
        provider   text NOT NULL,
        expires_at timestamptz NOT NULL
      );
      CREATE TABLE source_connections (
        provider     text PRIMARY KEY,
        connected_at timestamptz NOT NULL
      );
    `,
  },
  {
    version: 7,
    sql: `
      CREATE TABLE held_runs (
        run_id    text PRIMARY KEY,
        source    text NOT NULL,
        state     text NOT NULL CHECK (state IN ('held', 'confirmed', 'superseded')),
        closed_by text,
        held_at   timestamptz NOT NULL
      );
      CREATE INDEX held_runs_source_state ON held_runs (source, state);
      CREATE TABLE held_keys (
        run_id     text NOT NULL,
        source_key text NOT NULL,
        PRIMARY KEY (run_id, source_key)
      );
    `,
  },
  {
    version: 8,
    sql: `
      CREATE TABLE push_snapshots (
        push_id      text NOT NULL,
        user_id      text NOT NULL,
        hash         text NOT NULL,
        fingerprints text NOT NULL,
        zendesk_id   bigint,
        pushed_at    timestamptz NOT NULL,
        PRIMARY KEY (push_id, user_id)
      );
    `,
  },
  {
    version: 9,
    sql: `ALTER TABLE oauth_states ADD COLUMN scope text;`,
  },
];
