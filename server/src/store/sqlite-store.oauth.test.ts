import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { MIGRATIONS } from './migrations';
import { SqliteStore } from './sqlite-store';

// Taking and pruning states is in store.contract.test.ts: here, SQLite databases from before OAuth.
describe('SqliteStore: OAuth tables added to older databases', () => {
  it('adds the browser binding to a database from before it: pending states come back unbound', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'store-')), 'sync.db');
    const before = new Database(path);
    before.exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)');
    for (const m of MIGRATIONS.filter((m) => m.version < 5)) {
      before.exec(m.sql);
      before.prepare('INSERT INTO schema_migrations VALUES (?, ?)').run(m.version, new Date().toISOString());
    }
    before
      .prepare("INSERT INTO oauth_states (state, provider, created_at) VALUES ('old', 'intercom', ?)")
      .run(new Date().toISOString());
    before.close();

    const store = SqliteStore.open(path);
    expect(await store.takeOAuthState('old', 60_000)).toEqual({ state: 'old', provider: 'intercom' });
    await store.close();
  });

  it('adds the OAuth tables to a database created before them, keeping its data', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'store-')), 'sync.db');
    const before = new Database(path);
    before.exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)');
    for (const m of MIGRATIONS.filter((m) => m.version < 3)) {
      before.exec(m.sql);
      before.prepare('INSERT INTO schema_migrations VALUES (?, ?)').run(m.version, new Date().toISOString());
    }
    before.prepare("INSERT INTO iadvize_creations VALUES ('005A', '101', '2025-01-01T00:00:00Z')").run();
    before.close();

    const store = SqliteStore.open(path);
    await store.saveSealedTokens('zendesk', 'v1.x');
    expect(await store.loadSealedTokens('zendesk')).toBe('v1.x');
    expect(await store.createdOperators(['005A'])).toEqual(new Map([['005A', '101']]));
    await store.close();
  });
});
