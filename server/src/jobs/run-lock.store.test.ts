import { describeEachStore } from '../../test/stores';
import { ownerId, StoreRunLock } from './run-lock';

describeEachStore('StoreRunLock', (target) => {
  it('lets one holder at a time run a source, across connections', async () => {
    const db = await target();
    const [a, b] = [await db.open(), await db.open()];
    const [lockA, lockB] = [new StoreRunLock(a), new StoreRunLock(b)];
    expect(await lockA.acquire('zendesk')).toBe(true);
    expect(await lockA.acquire('zendesk')).toBe(false);
    expect(await lockB.acquire('zendesk')).toBe(false);
    expect(await lockB.acquire('intercom')).toBe(true);
    await lockA.release('zendesk');
    expect(await lockB.acquire('zendesk')).toBe(true);
    await Promise.all([a.close(), b.close()]);
  });

  it('lets the lock go when recording its row fails, so the source is not blocked until a restart', async () => {
    const db = await target();
    const [a, b] = [await db.open(), await db.open()];
    const failing = Object.assign(Object.create(a) as typeof a, {
      putRunLock: async () => {
        throw new Error('the database went away for a moment');
      },
    });
    await expect(new StoreRunLock(failing).acquire('zendesk')).rejects.toThrow('went away');
    // Another holder (here a second connection, as another instance would be) can take it at once.
    const other = new StoreRunLock(b);
    expect(await other.acquire('zendesk')).toBe(true);
    await other.release('zendesk');
    await Promise.all([a.close(), b.close()]);
  });

  it('takes over a row whose holder is gone and reports the run it left', async () => {
    const store = await (await target()).open();
    // What a killed holder leaves: its row, and no process lock (the system dropped it).
    const dead = ownerId(1, 'same-host');
    await store.putRunLock('zendesk', dead, new Date());
    await store.attachRunToLock('zendesk', dead, 'a0CRUNNING0000001');

    const lock = new StoreRunLock(store);
    expect(await lock.recover()).toEqual([{ source: 'zendesk', runId: 'a0CRUNNING0000001' }]);
    expect(await store.runLocks()).toEqual([]);
    expect(await lock.acquire('zendesk')).toBe(true);
    expect(lock.takeInterrupted()).toEqual([]);
    await store.close();
  });

  it('reports the run of a dead holder found when acquiring, once', async () => {
    const store = await (await target()).open();
    await store.putRunLock('zendesk', 'gone', new Date());
    await store.attachRunToLock('zendesk', 'gone', 'a0CRUNNING0000002');
    const lock = new StoreRunLock(store);
    expect(await lock.acquire('zendesk')).toBe(true);
    expect(lock.takeInterrupted()).toEqual(['a0CRUNNING0000002']);
    expect(lock.takeInterrupted()).toEqual([]);
    await store.close();
  });

  it('does not take over a live holder', async () => {
    const db = await target();
    const [a, b] = [await db.open(), await db.open()];
    const live = new StoreRunLock(a);
    expect(await live.acquire('zendesk')).toBe(true);
    await live.attachRun('zendesk', 'a0CRUNNING0000003');
    const other = new StoreRunLock(b);
    expect(await other.recover()).toEqual([]);
    expect(await other.acquire('zendesk')).toBe(false);
    expect(await b.runLocks()).toEqual([
      expect.objectContaining({ source: 'zendesk', owner: live.owner, runId: 'a0CRUNNING0000003' }),
    ]);
    await Promise.all([a.close(), b.close()]);
  });

  it('names the owner by host and pid, for people reading the store', () => {
    expect(ownerId(42, 'vm')).toMatch(/^vm:42:[0-9a-f-]{36}$/);
  });
});
