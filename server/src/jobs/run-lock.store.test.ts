import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteStore } from '../store/sqlite-store';
import { StoreRunLock } from './run-lock';

describe('StoreRunLock on SQLite', () => {
  const path = () => join(mkdtempSync(join(tmpdir(), 'lock-')), 'companion.db');

  it('lets one holder at a time run a source, across connections', async () => {
    const file = path();
    const [a, b] = [SqliteStore.open(file), SqliteStore.open(file)];
    const [lockA, lockB] = [new StoreRunLock(a), new StoreRunLock(b)];
    expect(await lockA.acquire('zendesk')).toBe(true);
    expect(await lockB.acquire('zendesk')).toBe(false);
    expect(await lockB.acquire('intercom')).toBe(true);
    await lockA.release('zendesk');
    expect(await lockB.acquire('zendesk')).toBe(true);
    await Promise.all([a.close(), b.close()]);
  });

  it('takes over the lock of a crashed process and reports the run it left', async () => {
    const file = path();
    const store = SqliteStore.open(file);
    // A process that has exited: its pid is no longer alive on this host.
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
    await store.acquireRunLock('zendesk', `${hostname()}:${dead}:old`, () => false);
    await store.attachRunToLock('zendesk', `${hostname()}:${dead}:old`, 'a0CRUNNING0000001');

    const lock = new StoreRunLock(store);
    expect(await lock.recover()).toEqual(['a0CRUNNING0000001']);
    expect(await store.runLocks()).toEqual([]);
    expect(await lock.acquire('zendesk')).toBe(true);
    await store.close();
  });

  it('does not take over a live holder', async () => {
    const store = SqliteStore.open(path());
    await store.acquireRunLock('zendesk', `${hostname()}:${process.pid}:live`, () => false);
    const lock = new StoreRunLock(store);
    expect(await lock.recover()).toEqual([]);
    expect(await lock.acquire('zendesk')).toBe(false);
    await store.close();
  });
});
