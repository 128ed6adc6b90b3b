import { SqliteStore } from './sqlite-store';

describe('push snapshots in the store', () => {
  it('keep fingerprints and the Zendesk id per push and user, replace them, and forget ids', async () => {
    const store = SqliteStore.open(':memory:');
    const at = new Date('2026-01-01T00:00:00Z');
    await store.savePushSnapshots(
      'p1',
      [
        { userId: 'u1', hash: 'h1', fingerprints: { $key: 'k', notes: 'n' }, zendeskId: 11 },
        { userId: 'u2', hash: 'h2', fingerprints: {}, zendeskId: null },
      ],
      at,
    );
    await store.savePushSnapshots(
      'p2',
      [{ userId: 'u1', hash: 'other', fingerprints: {}, zendeskId: 99 }],
      at,
    );
    await store.savePushSnapshots(
      'p1',
      [{ userId: 'u1', hash: 'h1b', fingerprints: { $key: 'k' }, zendeskId: 12 }],
      at,
    );
    const found = await store.pushSnapshots('p1', ['u1', 'u2', 'u3']);
    expect([...found.values()]).toEqual([
      { userId: 'u1', hash: 'h1b', fingerprints: { $key: 'k' }, zendeskId: 12 },
      { userId: 'u2', hash: 'h2', fingerprints: {}, zendeskId: null },
    ]);
    await store.forgetZendeskIds('p1', ['u1']);
    expect((await store.pushSnapshots('p1', ['u1'])).get('u1')!.zendeskId).toBeNull();
    expect((await store.pushSnapshots('p2', ['u1'])).get('u1')!.zendeskId).toBe(99);
    // More ids than one statement may bind.
    const many = Array.from({ length: 1200 }, (_, i) => `x${i}`);
    await store.savePushSnapshots(
      'p3',
      many.map((userId) => ({ userId, hash: 'h', fingerprints: {}, zendeskId: null })),
      at,
    );
    expect((await store.pushSnapshots('p3', many)).size).toBe(1200);
    await store.close();
  });
});
