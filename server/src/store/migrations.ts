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
];
