import { describeEachStore } from '../../test/stores';

const CHANNEL = '/event/IAdvize_Sync_Request__e';

describeEachStore('the store contract', (target) => {
  it('keeps the position and the ledger across a reopen', async () => {
    const db = await target();
    const first = await db.open();
    expect(await first.getReplayId(CHANNEL)).toBeUndefined();
    await first.markHandled(CHANNEL, [
      { eventUuid: 'a', replayId: 11 },
      { eventUuid: 'b', replayId: 17 },
    ]);
    await first.close();
    const second = await db.open();
    expect(await second.getReplayId(CHANNEL)).toBe(17);
    expect(await second.handledAmong(['a', 'b', 'c'])).toEqual(new Set(['a', 'b']));
    await second.close();
  });

  it('moves the position to the last event of each batch, per channel, and records an event once', async () => {
    const store = await (await target()).open();
    await store.markHandled(CHANNEL, [{ eventUuid: 'a', replayId: 5 }]);
    await store.markHandled('/event/Other__e', [{ eventUuid: 'x', replayId: 900 }]);
    // A batch replayed after a takeover: 'a' again, recorded once, without an error.
    await store.markHandled(CHANNEL, [
      { eventUuid: 'a', replayId: 5 },
      { eventUuid: 'c', replayId: 8 },
    ]);
    expect(await store.getReplayId(CHANNEL)).toBe(8);
    expect(await store.getReplayId('/event/Other__e')).toBe(900);
    expect(await store.pruneLedger(new Date(Date.now() + 60_000))).toBe(3);
    await store.close();
  });

  it('answers ledger look-ups larger than one statement can bind, and prunes by age only', async () => {
    const store = await (await target()).open();
    const events = Array.from({ length: 1200 }, (_, i) => ({ eventUuid: `u${i}`, replayId: i + 1 }));
    await store.markHandled(CHANNEL, events);
    expect((await store.handledAmong([...events.map((e) => e.eventUuid), 'missing'])).size).toBe(1200);
    expect(await store.pruneLedger(new Date(Date.now() - 60_000))).toBe(0);
    expect(await store.pruneLedger(new Date(Date.now() + 60_000))).toBe(1200);
    expect(await store.handledAmong(['u1'])).toEqual(new Set());
    await store.close();
  });

  it('journals iAdvize creations by user, across a reopen', async () => {
    const db = await target();
    const first = await db.open();
    await first.recordCreation('005A', '101');
    await first.recordCreation('005B', '102');
    await first.close();
    const second = await db.open();
    expect(await second.createdOperators(['005A', '005B', '005C'])).toEqual(
      new Map([
        ['005A', '101'],
        ['005B', '102'],
      ]),
    );
    await second.close();
  });

  it('keeps the latest sealed tokens per provider', async () => {
    const store = await (await target()).open();
    expect(await store.loadSealedTokens('zendesk')).toBeUndefined();
    await store.saveSealedTokens('zendesk', 'v1.a');
    await store.saveSealedTokens('zendesk', 'v1.b');
    await store.saveSealedTokens('intercom', 'v1.c');
    expect(await store.loadSealedTokens('zendesk')).toBe('v1.b');
    expect(await store.loadSealedTokens('intercom')).toBe('v1.c');
    await store.close();
  });

  it('hands an OAuth state back once, with its binding, refusing it past its age', async () => {
    const store = await (await target()).open();
    const created = new Date('2025-01-01T00:00:00Z');
    const later = (ms: number) => new Date(created.getTime() + ms);
    await store.putOAuthState(
      {
        state: 's1',
        provider: 'zendesk',
        subdomain: 'acme',
        codeVerifier: 'v',
        browserHash: 'h',
        scope: 'read',
      },
      created,
    );
    await store.putOAuthState({ state: 's2', provider: 'intercom' }, created);
    await store.putOAuthState({ state: 'old', provider: 'zendesk' }, created);
    expect(await store.takeOAuthState('s1', 600_000, later(600_000))).toEqual({
      state: 's1',
      provider: 'zendesk',
      subdomain: 'acme',
      codeVerifier: 'v',
      browserHash: 'h',
      scope: 'read',
    });
    expect(await store.takeOAuthState('s1', 600_000, later(0))).toBeUndefined();
    expect(await store.takeOAuthState('old', 600_000, later(600_001))).toBeUndefined();
    expect(await store.takeOAuthState('old', 600_000, later(0))).toBeUndefined();
    expect(await store.pruneOAuthStates(later(1))).toBe(1);
    expect(await store.takeOAuthState('s2', 600_000, later(0))).toBeUndefined();
    await store.close();
  });

  it('opens a connect link once, and none issued before the last connection', async () => {
    const store = await (await target()).open();
    const now = new Date('2025-01-01T00:00:00Z');
    const link = (nonceHash: string, issuedAt: Date) => ({
      provider: 'zendesk',
      nonceHash,
      issuedAt,
      expiresAt: new Date(issuedAt.getTime() + 600_000),
    });
    expect(await store.useConnectLink(link('n1', now), now)).toBe('fresh');
    expect(await store.useConnectLink(link('n1', now), now)).toBe('used');
    await store.recordConnection('zendesk', new Date(now.getTime() + 5_000));
    expect(await store.useConnectLink(link('n2', now), now)).toBe('superseded');
    expect(await store.useConnectLink(link('n3', new Date(now.getTime() + 5_000)), now)).toBe('fresh');
    await store.close();
  });

  it('holds a run, then confirms or supersedes the held runs of a source', async () => {
    const store = await (await target()).open();
    const at = new Date();
    await store.holdDeactivations('zendesk', 'r1', ['k1', 'k2', 'k1'], at);
    await store.holdDeactivations('zendesk', 'r2', ['k3'], at);
    await store.holdDeactivations('zendesk', 'r3', ['k4'], at);
    expect(await store.heldKeys('r1')).toEqual(new Set(['k1', 'k2']));
    await store.confirmHeldRun('r1', 'r9');
    expect(await store.heldRun('r1')).toEqual({
      runId: 'r1',
      source: 'zendesk',
      state: 'confirmed',
      closedBy: 'r9',
    });
    expect(await store.heldKeys('r1')).toEqual(new Set());
    expect(await store.supersedeHeldRuns('zendesk', 'r10', 'r3')).toEqual(['r2']);
    expect(await store.heldRun('r2')).toMatchObject({ state: 'superseded', closedBy: 'r10' });
    expect(await store.heldRun('r3')).toMatchObject({ state: 'held', closedBy: null });
    expect(await store.heldRun('nope')).toBeUndefined();
    await store.close();
  });

  it('keeps push snapshots per push and user, replaces them, and forgets Zendesk ids', async () => {
    const store = await (await target()).open();
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
    expect([...(await store.pushSnapshots('p1', ['u1', 'u2', 'u3'])).values()]).toEqual([
      { userId: 'u1', hash: 'h1b', fingerprints: { $key: 'k' }, zendeskId: 12 },
      { userId: 'u2', hash: 'h2', fingerprints: {}, zendeskId: null },
    ]);
    await store.forgetZendeskIds('p1', ['u1']);
    expect((await store.pushSnapshots('p1', ['u1'])).get('u1')!.zendeskId).toBeNull();
    expect((await store.pushSnapshots('p2', ['u1'])).get('u1')!.zendeskId).toBe(99);
    const many = Array.from({ length: 1200 }, (_, i) => `x${i}`);
    await store.savePushSnapshots(
      'p3',
      many.map((userId) => ({ userId, hash: 'h', fingerprints: {}, zendeskId: null })),
      at,
    );
    expect((await store.pushSnapshots('p3', many)).size).toBe(1200);
    await store.close();
  });

  it('gives a process lock to one holder at a time, and frees it on release', async () => {
    const db = await target();
    const [a, b] = [await db.open(), await db.open()];
    const held = await a.tryProcessLock('run-zendesk');
    expect(held).toBeDefined();
    expect(await b.tryProcessLock('run-zendesk')).toBeUndefined();
    const other = await b.tryProcessLock('run-intercom');
    expect(other).toBeDefined();
    await held!.release();
    const again = await b.tryProcessLock('run-zendesk');
    expect(again).toBeDefined();
    await Promise.all([again!.release(), other!.release()]);
    await Promise.all([a.close(), b.close()]);
  });
});
