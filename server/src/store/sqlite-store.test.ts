import { chmodSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteStore } from './sqlite-store';

const CHANNEL = '/event/IAdvize_Sync_Request__e';

// The behaviour both stores share is in store.contract.test.ts; this is SQLite's own.
describe('SqliteStore files', () => {
  const mode = (path: string) => statSync(path).mode & 0o777;

  it('creates its folder 0700 and its database, WAL and shared-memory files 0600', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'store-')), 'data');
    const path = join(dir, 'sync.db');
    const store = SqliteStore.open(path);
    await store.markHandled(CHANNEL, [{ eventUuid: 'a', replayId: 1 }]);
    expect(mode(dir)).toBe(0o700);
    for (const file of [path, `${path}-wal`, `${path}-shm`]) expect(mode(file)).toBe(0o600);
    await store.close();
  });

  it('tightens database files left readable by others, not a folder it did not create', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'store-'));
    chmodSync(dir, 0o755);
    const path = join(dir, 'sync.db');
    writeFileSync(path, '');
    writeFileSync(`${path}-wal`, '');
    chmodSync(path, 0o644);
    chmodSync(`${path}-wal`, 0o644);
    const store = SqliteStore.open(path);
    expect(mode(path)).toBe(0o600);
    expect(mode(`${path}-wal`)).toBe(0o600);
    expect(mode(dir)).toBe(0o755);
    await store.close();
  });
});
