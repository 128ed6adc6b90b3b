import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger, type Logger } from '../lib/logger';
import { SqliteStore } from '../store/sqlite-store';
import type { EventStore, HandledEvent, Store } from '../store/store';
import { captureLogs } from '../../test/log-capture';
import { startSalesforceFixture, type SalesforceFixture } from '../../test/salesforce-fixture';
import { waitFor } from '../../test/wait-for';
import type { PlatformEvent } from './platform-event';
import { SalesforceSession } from './session';
import { DurableSubscriber, type EventBatchHandler } from './subscriber';
import { createTokenSource } from './token-source';

const EVENT = 'IAdvize_Sync_Request__e';
const CHANNEL = `/event/${EVENT}`;

/** Counts every time the handler saw each event: "exactly once in effect" means every count is 1. */
class EffectLog {
  readonly seen = new Map<string, number>();
  readonly handler: EventBatchHandler = async (events) => {
    for (const e of events)
      this.seen.set(String(e.payload.User_Id__c), (this.seen.get(String(e.payload.User_Id__c)) ?? 0) + 1);
  };
  has(...userIds: string[]) {
    return userIds.every((id) => this.seen.has(id));
  }
}

describe('DurableSubscriber against the Salesforce sandbox (jsforce streaming)', () => {
  let fx: SalesforceFixture;
  let dbPath: string;
  const running: DurableSubscriber[] = [];
  const stores: Store[] = [];

  beforeEach(async () => {
    fx = await startSalesforceFixture();
    dbPath = join(mkdtempSync(join(tmpdir(), 'subscriber-')), 'companion.db');
  });

  afterEach(async () => {
    await Promise.all(running.splice(0).map((s) => s.stop()));
    await Promise.all(stores.splice(0).map((s) => s.close()));
    await fx.close();
  });

  function openStore(): Store {
    const store = SqliteStore.open(dbPath);
    stores.push(store);
    return store;
  }

  async function startSubscriber(
    handler: EventBatchHandler,
    opts: { logger?: Logger; store?: EventStore } = {},
  ) {
    const session = await SalesforceSession.open(createTokenSource(fx.jwtAuth), fx.sandbox.apiVersion);
    const subscriber = new DurableSubscriber({
      channel: CHANNEL,
      session,
      store: opts.store ?? openStore(),
      handler,
      logger: opts.logger ?? silentLogger(),
      retry: { minMs: 20, maxMs: 200 },
    });
    running.push(subscriber);
    await subscriber.start();
    return subscriber;
  }

  const publish = (userId: string) =>
    fx.sandbox.org.publishEvent(EVENT, { User_Id__c: userId, Action__c: 'CREATE' });

  it('with no stored position, replays every retained event (-2) and stores the position', async () => {
    const first = publish('005A');
    const effects = new EffectLog();
    const subscriber = await startSubscriber(effects.handler);
    await waitFor(() => effects.has('005A'), 'the retained event');
    const second = publish('005B');
    await waitFor(() => effects.has('005B'), 'the new event');
    expect(first.replayId).toBeLessThan(second.replayId);
    await waitFor(
      async () => (await stores[0].getReplayId(CHANNEL)) === second.replayId,
      'the stored position',
    );
    expect(subscriber.ready).toBe(true);
  });

  it('receives an event published while the companion was down after it restarts, exactly once in effect', async () => {
    const effects = new EffectLog();
    const before = await startSubscriber(effects.handler);
    publish('005A');
    await waitFor(() => effects.has('005A'), 'the first event');
    await before.stop();
    await stores[0].close();

    publish('005B');
    publish('005C');

    await startSubscriber(effects.handler);
    await waitFor(() => effects.has('005B', '005C'), 'the events published while down');
    expect([...effects.seen.values()]).toEqual([1, 1, 1]);
  });

  it('makes redelivery harmless: events already in the ledger are not handed to the handler again', async () => {
    const effects = new EffectLog();
    const store = openStore();
    // A store that records the ledger but loses the position, as after a crash between the two in
    // an older release: the stream redelivers, the ledger filters.
    const forgetful: EventStore = {
      getReplayId: async () => undefined,
      handledAmong: (uuids) => store.handledAmong(uuids),
      markHandled: (channel, events: HandledEvent[]) => store.markHandled(channel, events),
      pruneLedger: (d) => store.pruneLedger(d),
    };
    publish('005A');
    publish('005B');
    const first = await startSubscriber(effects.handler, { store: forgetful });
    await waitFor(() => effects.has('005A', '005B'), 'both events');
    await first.stop();

    const again = await startSubscriber(effects.handler, { store: forgetful }); // replays from -2
    publish('005C');
    await waitFor(() => effects.has('005C'), 'the new event');
    expect(again.stats.duplicates).toBe(2);
    expect(Object.fromEntries(effects.seen)).toEqual({ '005A': 1, '005B': 1, '005C': 1 });
  });

  it('recovers from an expired stored replay id by replaying from -2, and says so in the log', async () => {
    const effects = new EffectLog();
    const first = await startSubscriber(effects.handler);
    publish('005A');
    await waitFor(() => effects.has('005A'), 'the first event');
    await first.stop();

    const stored = (await stores[0].getReplayId(CHANNEL))!;
    const missed = publish('005B');
    publish('005C');
    // The retention window passes over the stored position (and over 005B).
    fx.sandbox.org.expireEventsUpTo(missed.replayId);

    const logs = captureLogs();
    await startSubscriber(effects.handler, { logger: logs.logger });
    await waitFor(() => effects.has('005C'), 'the retained event');
    expect(logs.text()).toContain(`replay id ${stored} is no longer retained`);
    expect(logs.text()).toContain('(-2)');
    expect(effects.seen.get('005A')).toBe(1);
    expect(effects.has('005B')).toBe(false); // gone from Salesforce: nothing can bring it back
  });

  it('after the token is revoked mid-stream, renews it and builds a new streaming client', async () => {
    const effects = new EffectLog();
    const logs = captureLogs();
    const subscriber = await startSubscriber(effects.handler, { logger: logs.logger });
    publish('005A');
    await waitFor(() => effects.has('005A'), 'the first event');

    fx.sandbox.org.revokeAccessTokens();
    publish('005B');
    await waitFor(() => effects.has('005B'), 'the event after revocation', 15_000);
    publish('005C');
    await waitFor(() => effects.has('005C'), 'an event on the new client');
    expect(subscriber.stats.clients).toBe(2);
    expect(logs.text()).toContain('streaming authentication invalid');
    expect([...effects.seen.values()]).toEqual([1, 1, 1]);
    await waitFor(() => subscriber.ready, 'ready again');
  });

  it('after 403::Unknown client, re-handshakes without losing an event', async () => {
    const effects = new EffectLog();
    const subscriber = await startSubscriber(effects.handler);
    publish('005A');
    await waitFor(() => effects.has('005A'), 'the first event');

    fx.sandbox.org.dropStreamingClients();
    publish('005B');
    publish('005C');
    await waitFor(
      () => effects.has('005B', '005C'),
      'the events published while the client was unknown',
      15_000,
    );
    expect(subscriber.stats.clients).toBe(1); // faye re-handshook the same client
    expect([...effects.seen.values()]).toEqual([1, 1, 1]);
  });

  it('retries a failing batch and stores the position only once it succeeds', async () => {
    let failures = 2;
    const effects = new EffectLog();
    const flaky: EventBatchHandler = async (events) => {
      if (failures-- > 0) throw new Error('Salesforce unavailable');
      await effects.handler(events);
    };
    const store = openStore();
    const subscriber = await startSubscriber(flaky, { store });
    const sent = publish('005A');
    await waitFor(() => effects.has('005A'), 'the event after two failures');
    expect(await store.getReplayId(CHANNEL)).toBe(sent.replayId);
    expect(subscriber.stats.handled).toBe(1);
  });

  it('hands a burst of events to the handler in batches of at most 200', async () => {
    const batches: PlatformEvent[][] = [];
    await startSubscriber(async (events) => void batches.push(events));
    for (let i = 0; i < 450; i++) publish(`005U${i}`);
    await waitFor(() => batches.flat().length === 450, 'all 450 events');
    expect(Math.max(...batches.map((b) => b.length))).toBeLessThanOrEqual(200);
    expect(new Set(batches.flat().map((e) => e.eventUuid)).size).toBe(450);
  });

  it('on stop, finishes the batch in flight and stores it; the rest is replayed next start', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    const effects = new EffectLog();
    let inFlight = false;
    const slow: EventBatchHandler = async (events) => {
      inFlight = true;
      await gate;
      await effects.handler(events);
    };
    const store = openStore();
    const subscriber = await startSubscriber(slow, { store });
    const sent = publish('005A');
    await waitFor(() => inFlight, 'the batch in flight');
    const stopping = subscriber.stop();
    release();
    await stopping;
    expect(effects.has('005A')).toBe(true);
    expect(await store.getReplayId(CHANNEL)).toBe(sent.replayId);
    expect(subscriber.ready).toBe(false);
  });
});
