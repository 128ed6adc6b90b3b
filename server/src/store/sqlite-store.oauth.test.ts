import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { MIGRATIONS } from './migrations';
import { SqliteStore } from './sqlite-store';

describe('SqliteStore: OAuth tokens and states', () => {
  it('keeps the latest sealed tokens per provider across a reopen', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'store-')), 'sync.db');
    const first = SqliteStore.open(path);
    expect(await first.loadSealedTokens('zendesk')).toBeUndefined();
    await first.saveSealedTokens('zendesk', 'v1.a');
    await first.saveSealedTokens('zendesk', 'v1.b');
    await first.saveSealedTokens('intercom', 'v1.c');
    await first.close();

    const second = SqliteStore.open(path);
    expect(await second.loadSealedTokens('zendesk')).toBe('v1.b');
    expect(await second.loadSealedTokens('intercom')).toBe('v1.c');
    await second.close();
  });

  it('hands a state back once, with what the callback needs', async () => {
    const store = SqliteStore.open(':memory:');
    await store.putOAuthState({ state: 's1', provider: 'zendesk', subdomain: 'acme', codeVerifier: 'v' });
    await store.putOAuthState({ state: 's2', provider: 'intercom' });
    expect(await store.takeOAuthState('s1', 60_000)).toEqual({
      state: 's1',
      provider: 'zendesk',
      subdomain: 'acme',
      codeVerifier: 'v',
    });
    expect(await store.takeOAuthState('s1', 60_000)).toBeUndefined();
    expect(await store.takeOAuthState('s2', 60_000)).toEqual({ state: 's2', provider: 'intercom' });
    expect(await store.takeOAuthState('never-issued', 60_000)).toBeUndefined();
    await store.close();
  });

  it('keeps the browser binding of a state', async () => {
    const store = SqliteStore.open(':memory:');
    await store.putOAuthState({ state: 's', provider: 'intercom', browserHash: 'h'.repeat(43) });
    expect(await store.takeOAuthState('s', 60_000)).toEqual({
      state: 's',
      provider: 'intercom',
      browserHash: 'h'.repeat(43),
    });
    await store.close();
  });

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

  it('refuses, and consumes, a state older than the allowed age', async () => {
    const store = SqliteStore.open(':memory:');
    const created = new Date('2025-01-01T00:00:00Z');
    await store.putOAuthState({ state: 'old', provider: 'zendesk' }, created);
    await store.putOAuthState({ state: 'edge', provider: 'zendesk' }, created);
    const later = (ms: number) => new Date(created.getTime() + ms);
    expect(await store.takeOAuthState('old', 600_000, later(600_001))).toBeUndefined();
    expect(await store.takeOAuthState('old', 600_000, later(0))).toBeUndefined();
    expect(await store.takeOAuthState('edge', 600_000, later(600_000))).toMatchObject({ state: 'edge' });
    await store.close();
  });

  it('prunes only the states started before the cut-off', async () => {
    const store = SqliteStore.open(':memory:');
    await store.putOAuthState({ state: 'a', provider: 'zendesk' }, new Date('2025-01-01T00:00:00Z'));
    await store.putOAuthState({ state: 'b', provider: 'zendesk' }, new Date('2025-01-01T00:20:00Z'));
    expect(await store.pruneOAuthStates(new Date('2025-01-01T00:10:00Z'))).toBe(1);
    const now = new Date('2025-01-01T00:20:00Z');
    expect(await store.takeOAuthState('a', 3_600_000, now)).toBeUndefined();
    expect(await store.takeOAuthState('b', 3_600_000, now)).toMatchObject({ state: 'b' });
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
