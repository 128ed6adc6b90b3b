import { chmodSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteStore } from './sqlite-store';

const CHANNEL = '/event/IAdvize_Sync_Request__e';

describe('SqliteStore', () => {
  it('keeps the position and the ledger across a reopen', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'store-')), 'nested', 'sync.db');
    const first = SqliteStore.open(path);
    expect(await first.getReplayId(CHANNEL)).toBeUndefined();
    await first.markHandled(CHANNEL, [
      { eventUuid: 'a', replayId: 11 },
      { eventUuid: 'b', replayId: 17 },
    ]);
    await first.close();

    const second = SqliteStore.open(path);
    expect(await second.getReplayId(CHANNEL)).toBe(17);
    expect(await second.handledAmong(['a', 'b', 'c'])).toEqual(new Set(['a', 'b']));
    await second.close();
  });

  it('moves the position to the last event of each batch, per channel', async () => {
    const store = SqliteStore.open(':memory:');
    await store.markHandled(CHANNEL, [{ eventUuid: 'a', replayId: 5 }]);
    await store.markHandled('/event/Other__e', [{ eventUuid: 'x', replayId: 900 }]);
    await store.markHandled(CHANNEL, [
      { eventUuid: 'a', replayId: 5 },
      { eventUuid: 'c', replayId: 8 },
    ]);
    expect(await store.getReplayId(CHANNEL)).toBe(8);
    expect(await store.getReplayId('/event/Other__e')).toBe(900);
    await store.close();
  });

  it('answers ledger look-ups larger than one statement can bind', async () => {
    const store = SqliteStore.open(':memory:');
    const events = Array.from({ length: 1200 }, (_, i) => ({ eventUuid: `u${i}`, replayId: i + 1 }));
    await store.markHandled(CHANNEL, events);
    const asked = [...events.map((e) => e.eventUuid), 'missing'];
    expect((await store.handledAmong(asked)).size).toBe(1200);
    await store.close();
  });

  it('prunes ledger entries older than the retention window only', async () => {
    const store = SqliteStore.open(':memory:');
    await store.markHandled(CHANNEL, [{ eventUuid: 'old', replayId: 1 }]);
    expect(await store.pruneLedger(new Date(Date.now() - 60_000))).toBe(0);
    expect(await store.pruneLedger(new Date(Date.now() + 60_000))).toBe(1);
    expect(await store.handledAmong(['old'])).toEqual(new Set());
    await store.close();
  });

  it('journals iAdvize creations by user, across a reopen', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'store-')), 'sync.db');
    const first = SqliteStore.open(path);
    await first.recordCreation('005A', '101');
    await first.recordCreation('005B', '102');
    await first.close();
    const second = SqliteStore.open(path);
    expect(await second.createdOperators(['005A', '005B', '005C'])).toEqual(
      new Map([
        ['005A', '101'],
        ['005B', '102'],
      ]),
    );
    await second.close();
  });
});

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
