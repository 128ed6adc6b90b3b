import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PgStore } from '../src/store/postgres/pg-store';
import { SqliteStore } from '../src/store/sqlite-store';
import type { Store } from '../src/store/store';
import { startTestPostgres, type TestPostgres } from './postgres';

/** One empty database of a store kind: every `open()` is another connection (or process) to it. */
export interface StoreTarget {
  open(): Promise<Store>;
}

/**
 * Runs `body` once per store kind, SQLite (a temp file) and PostgreSQL (a fresh database on the test
 * server, test/postgres.ts), so both honour one contract. `target()` gives a new empty database.
 */
export function describeEachStore(title: string, body: (target: () => Promise<StoreTarget>) => void): void {
  describe(`${title} (SQLite)`, () => {
    body(async () => {
      const path = join(mkdtempSync(join(tmpdir(), 'store-')), 'companion.db');
      return { open: async () => SqliteStore.open(path) };
    });
  });
  describe(`${title} (PostgreSQL)`, () => {
    let pg: TestPostgres | undefined;
    beforeAll(async () => {
      pg = await startTestPostgres();
    }, 60_000);
    afterAll(async () => pg?.stop());
    body(async () => {
      const url = await pg!.database();
      return { open: () => PgStore.open(url) };
    });
  });
}
