import { Connection } from 'jsforce';
import { StreamingExtension } from 'jsforce/api/streaming';
import { SalesforceSandbox } from './server';
import { bodyOf, rejectionOf, startTestSandbox, waitFor } from './test-helpers';

const EVENT = 'IAdvize_Sync_Request__e';
const CHANNEL = `/event/${EVENT}`;

interface Delivered {
  schema: string;
  payload: Record<string, unknown>;
  event: { replayId: number; EventUuid: string };
}

type FayeClient = ReturnType<Connection['streaming']['createClient']>;

describe('Streaming API (CometD) against jsforce + faye', () => {
  let sandbox: SalesforceSandbox;
  let conn: Connection;
  const clients: FayeClient[] = [];

  beforeEach(async () => {
    sandbox = await startTestSandbox({ cometdTimeoutMs: 400 });
    conn = new Connection({
      instanceUrl: sandbox.url,
      accessToken: sandbox.org.issueAccessToken(),
      version: '62.0',
    });
  });

  afterEach(async () => {
    // faye's typings omit disconnect().
    await Promise.all(
      clients
        .splice(0)
        .map((c) =>
          Promise.resolve((c as unknown as { disconnect(): unknown }).disconnect()).catch(() => undefined),
        ),
    );
    await sandbox.close();
  });

  /** A faye client with the Replay and AuthFailure extensions, subscribed to the sync request channel. */
  function listen(replayId: number | null, onAuthFailure: (message: unknown) => void = () => undefined) {
    const received: Delivered[] = [];
    const client = conn.streaming.createClient([
      new StreamingExtension.AuthFailure(onAuthFailure),
      new StreamingExtension.Replay(CHANNEL, replayId),
    ]);
    clients.push(client);
    const subscription = client.subscribe(CHANNEL, (data: Delivered) => void received.push(data));
    return { client, received, subscription, payloads: () => received.map((d) => d.payload.User_Id__c) };
  }

  const publish = (userId: string, action = 'CREATE') =>
    sandbox.org.publishEvent(EVENT, { User_Id__c: userId, Action__c: action });

  it('delivers an event published over REST, in the documented message shape', async () => {
    const { received, subscription } = listen(-1);
    await subscription;
    const result = await conn.sobject(EVENT).create({ User_Id__c: '005000000000001AAA', Action__c: 'LINK' });
    expect(result).toEqual({
      id: expect.stringMatching(/^e01\w{15}$/),
      success: true,
      errors: [
        { statusCode: 'OPERATION_ENQUEUED', message: expect.stringMatching(/^[0-9a-f-]{36}$/), fields: [] },
      ],
    });
    await waitFor(() => received.length === 1, 'the event');
    const [delivered] = received;
    expect(delivered).toEqual({
      schema: expect.stringMatching(/^[\w-]{22}$/),
      payload: {
        CreatedDate: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
        CreatedById: expect.stringMatching(/^005\w{15}$/),
        Action__c: 'LINK',
        User_Id__c: '005000000000001AAA',
      },
      event: {
        replayId: expect.any(Number),
        EventUuid: (result.errors[0] as unknown as { message: string }).message,
      },
    });
    expect(sandbox.org.counters.byKind.publish).toBe(1);
  });

  it('delivers the event of a ticked user (trigger emulation end to end)', async () => {
    const { received, subscription } = listen(-1);
    await subscription;
    const userId = sandbox.org.addUser({ LastName: 'Ticked', Email: 'ticked@example.com' });
    await conn.sobject('User').update({ Id: userId, IAdvize_Sync__c: true });
    await waitFor(() => received.length === 1, 'the CREATE request');
    expect(received[0].payload).toMatchObject({ User_Id__c: userId, Action__c: 'CREATE' });
  });

  it('replays every retained event with -2, only new ones with -1, and those after a stored id', async () => {
    const first = publish('A');
    const second = publish('B');
    expect(second.replayId).toBeGreaterThan(first.replayId);

    const all = listen(-2);
    const fresh = listen(-1);
    const resumed = listen(first.replayId);
    await Promise.all([all.subscription, fresh.subscription, resumed.subscription]);
    await waitFor(() => all.received.length === 2 && resumed.received.length === 1, 'the replayed events');
    publish('C');
    await waitFor(
      () => all.received.length === 3 && fresh.received.length === 1 && resumed.received.length === 2,
      'the new event',
    );
    expect(all.payloads()).toEqual(['A', 'B', 'C']);
    expect(fresh.payloads()).toEqual(['C']);
    expect(resumed.payloads()).toEqual(['B', 'C']);
  });

  it('uses opaque replay ids that increase by varying steps', () => {
    const ids = Array.from({ length: 30 }, (_, i) => publish(`U${i}`).replayId);
    const steps = ids.slice(1).map((id, i) => id - ids[i]);
    expect(steps.every((s) => s > 0)).toBe(true);
    expect(new Set(steps).size).toBeGreaterThan(1);
    expect(sandbox.org.events(EVENT).map((e) => e.replayId)).toEqual(ids);
  });

  it('rejects a replay id outside the retention window with the Salesforce 400 text', async () => {
    const old = publish('A');
    publish('B');
    sandbox.org.expireEventsUpTo(old.replayId);
    const { subscription } = listen(old.replayId);
    const e = await rejectionOf(subscription);
    // faye passes the Bayeux error text through unparsed (it contains characters its error grammar does not accept).
    expect(e.message).toBe(
      `400::The replayId {${old.replayId}} you provided was invalid.  Please provide a valid ID, -2 to replay all events, or -1 to replay only new events.`,
    );
    const future = listen(old.replayId + 1_000_000);
    expect((await rejectionOf(future.subscription)).message).toContain('you provided was invalid');
  });

  it('rejects a channel that does not exist (channel names are case-sensitive)', async () => {
    const client = conn.streaming.createClient([]);
    clients.push(client);
    for (const channel of ['/event/Nope__e', '/event/iadvize_sync_request__e', '/topic/Whatever']) {
      const e = await rejectionOf(client.subscribe(channel, () => undefined));
      expect(e.message).toBe(`400::The channel you requested to subscribe to does not exist {${channel}}`);
    }
  });

  it('after dropStreamingClients(), faye re-handshakes, re-subscribes from the last event and loses nothing', async () => {
    const handshakes: unknown[] = [];
    const { client, received, subscription, payloads } = listen(-1);
    client.addExtension({
      incoming: (message: { channel: string; error?: string }, callback: (m: unknown) => void) => {
        if (message.channel === '/meta/handshake') handshakes.push(message);
        callback(message);
      },
    });
    await subscription;
    publish('A');
    await waitFor(() => received.length === 1, 'the first event');

    sandbox.org.dropStreamingClients();
    publish('B');
    publish('C');
    await waitFor(() => received.length === 3, 'the events published while the client was unknown');
    expect(payloads()).toEqual(['A', 'B', 'C']);
    expect(handshakes.length).toBeGreaterThanOrEqual(1);
  });

  it('after revokeAccessTokens(), the held connect answers 401::Authentication invalid and the AuthFailure extension fires', async () => {
    const failures: Array<Record<string, unknown>> = [];
    const { subscription } = listen(-1, (m) => failures.push(m as Record<string, unknown>));
    await subscription;
    await new Promise((r) => setTimeout(r, 50)); // let the next /meta/connect be held
    sandbox.org.revokeAccessTokens();
    await waitFor(() => failures.length === 1, 'the auth failure');
    expect(failures[0]).toMatchObject({
      channel: '/meta/connect',
      successful: false,
      error: '401::Authentication invalid',
      advice: { reconnect: 'none', interval: 0 },
      ext: { sfdc: { failureReason: '401::Authentication invalid' }, replay: true },
    });
  });

  describe('on the wire', () => {
    const cometd = (body: unknown, token = conn.accessToken as string) =>
      bodyOf<Array<Record<string, unknown>>>(
        fetch(`${sandbox.url}/cometd/62.0`, {
          method: 'POST',
          headers: { Authorization: `OAuth ${token}`, 'Content-Type': 'application/json' },
          body: JSON.stringify(body),
        }),
      );

    it('follows the handshake / connect / subscribe / event / disconnect transcript', async () => {
      const [hs] = await cometd([
        { channel: '/meta/handshake', version: '1.0', supportedConnectionTypes: ['long-polling'], id: '1' },
      ]);
      expect(hs).toEqual({
        ext: { replay: true, 'payload.format': true },
        minimumVersion: '1.0',
        clientId: expect.any(String),
        supportedConnectionTypes: ['long-polling'],
        channel: '/meta/handshake',
        id: '1',
        version: '1.0',
        successful: true,
      });
      const clientId = hs.clientId as string;
      publish('retained');

      const batch = await cometd([
        {
          channel: '/meta/connect',
          clientId,
          connectionType: 'long-polling',
          id: '2',
          advice: { timeout: 0 },
        },
        {
          channel: '/meta/subscribe',
          clientId,
          subscription: CHANNEL,
          id: '3',
          ext: { replay: { [CHANNEL]: -2 } },
        },
      ]);
      expect(batch.map((m) => m.channel)).toEqual([CHANNEL, '/meta/subscribe', '/meta/connect']);
      expect(batch[0]).toMatchObject({ data: { payload: { User_Id__c: 'retained' } } });
      expect(batch[1]).toEqual({
        clientId,
        channel: '/meta/subscribe',
        id: '3',
        subscription: CHANNEL,
        successful: true,
      });
      expect(batch[2]).toEqual({
        clientId,
        channel: '/meta/connect',
        id: '2',
        successful: true,
        advice: { reconnect: 'retry', interval: 0, timeout: 400 },
      });

      // A later connect is held until an event arrives, which comes ahead of the connect reply.
      const held = cometd([{ channel: '/meta/connect', clientId, connectionType: 'long-polling', id: '4' }]);
      await new Promise((r) => setTimeout(r, 50));
      publish('live');
      const answered = await held;
      expect(answered.map((m) => m.channel)).toEqual([CHANNEL, '/meta/connect']);

      // With no event, the connect is answered when the timeout passes.
      const started = Date.now();
      const idle = await cometd([
        { channel: '/meta/connect', clientId, connectionType: 'long-polling', id: '5' },
      ]);
      expect(Date.now() - started).toBeGreaterThanOrEqual(350);
      expect(idle).toEqual([expect.objectContaining({ channel: '/meta/connect', successful: true })]);

      const [bye] = await cometd([{ channel: '/meta/disconnect', clientId, id: '6' }]);
      expect(bye).toEqual({ clientId, channel: '/meta/disconnect', id: '6', successful: true });
      const [unknown] = await cometd([
        { channel: '/meta/connect', clientId, connectionType: 'long-polling', id: '7' },
      ]);
      expect(unknown).toEqual({
        channel: '/meta/connect',
        id: '7',
        clientId,
        successful: false,
        error: '403::Unknown client',
        advice: { reconnect: 'handshake', interval: 500 },
      });
    });

    it('denies a handshake without a valid session', async () => {
      const [hs] = await cometd(
        [{ channel: '/meta/handshake', version: '1.0', supportedConnectionTypes: ['long-polling'], id: '1' }],
        'bogus',
      );
      expect(hs).toEqual({
        ext: { sfdc: { failureReason: '401::Authentication invalid' } },
        advice: { reconnect: 'none' },
        channel: '/meta/handshake',
        id: '1',
        error: '403::Handshake denied',
        successful: false,
      });
    });

    it('ends held long-polls promptly when the sandbox closes', async () => {
      await sandbox.close();
      sandbox = await startTestSandbox({ cometdTimeoutMs: 60_000 });
      conn = new Connection({
        instanceUrl: sandbox.url,
        accessToken: sandbox.org.issueAccessToken(),
        version: '62.0',
      });
      const [hs] = await cometd([
        { channel: '/meta/handshake', version: '1.0', supportedConnectionTypes: ['long-polling'], id: '1' },
      ]);
      const clientId = hs.clientId as string;
      await cometd([{ channel: '/meta/connect', clientId, connectionType: 'long-polling', id: '2' }]);
      const held = cometd([
        { channel: '/meta/connect', clientId, connectionType: 'long-polling', id: '3' },
      ]).catch(() => []);
      await new Promise((r) => setTimeout(r, 50));
      const started = Date.now();
      await sandbox.close();
      await held;
      expect(Date.now() - started).toBeLessThan(1000);
    });
  });
});
