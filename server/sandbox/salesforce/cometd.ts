/**
 * Streaming API: CometD (Bayeux 1.0) long-polling at /cometd/XX.X, for platform event channels
 * /event/<Name>__e, with Salesforce's replay extension.
 *
 * Wire behaviour (Streaming API Developer Guide,
 * https://developer.salesforce.com/docs/atlas.en-us.api_streaming.meta/api_streaming/):
 * - handshake reply carries `ext: {replay: true, 'payload.format': true}` and a clientId; a request
 *   without a valid session gets `403::Handshake denied` with `ext.sfdc.failureReason` and
 *   `advice.reconnect: none`;
 * - requests are JSON arrays (batches); the first /meta/connect (or one sent with advice.timeout 0, or
 *   batched with other messages) is answered at once, later ones are held until events arrive or the
 *   connect timeout passes; events go ahead of the replies in the same response array;
 * - /meta/subscribe takes `ext.replay[channel]`: -1 new events only, -2 every retained event, N the
 *   events after N (N outside the retained window: `400::The replayId {N} you provided was invalid.
 *   Please provide a valid ID, -2 to replay all events, or -1 to replay only new events.`);
 * - an unknown channel: `400::The channel you requested to subscribe to does not exist {channel}`;
 * - an unknown clientId: `403::Unknown client` + `advice: {reconnect: 'handshake', interval: 500}`;
 * - an invalid session on connect: `401::Authentication invalid` + `advice: {reconnect: 'none',
 *   interval: 0}` + `ext: {sfdc: {failureReason: '401::Authentication invalid'}, replay: true}`;
 * - /meta/disconnect releases a held connect with `advice.reconnect: none` (CometD server behaviour,
 *   cometd DisconnectTest);
 * - a client that does not reconnect within 40 s is forgotten (Streaming API "reconnect timeout").
 *
 * Sources: Streaming API Error Codes (developer.salesforce.com/docs/atlas.en-us.api_streaming.meta/
 * api_streaming/streaming_error_codes.htm), Handling Streaming API Errors (…/streaming_handling_errors.htm),
 * jsforce src/api/streaming/extension.ts (AuthFailure, Replay).
 */
import { randomBytes } from 'node:crypto';
import { RetainedEvent } from './events';
import { Org } from './org';

type Message = Record<string, unknown>;

export interface CometdOptions {
  /** How long a /meta/connect is held (advice.timeout); Salesforce: 110 s. */
  timeoutMs: number;
  /** How long a client may stay without a /meta/connect before it is forgotten; Salesforce: 40 s. */
  maxIntervalMs?: number;
}

interface HeldConnect {
  request: Message;
  /** Replies of the other messages of the held request's batch. */
  replies: Message[];
  resolve: (messages: Message[]) => void;
  timer: NodeJS.Timeout;
  token: string | undefined;
}

interface Client {
  id: string;
  subscriptions: Set<string>;
  queue: Message[];
  held?: HeldConnect;
  connected: boolean;
  lastSeenAt: number;
  flushScheduled: boolean;
}

const REPLAY_INVALID = (n: unknown) =>
  `400::The replayId {${String(n)}} you provided was invalid.  Please provide a valid ID, -2 to replay all events, or -1 to replay only new events.`;
const AUTH_INVALID = '401::Authentication invalid';

export class CometdServer {
  private readonly clients = new Map<string, Client>();
  private readonly maxIntervalMs: number;
  private closed = false;

  constructor(
    private readonly org: Org,
    private readonly options: CometdOptions,
  ) {
    this.maxIntervalMs = options.maxIntervalMs ?? 40_000;
    org.bus.onPublish((event) => this.fanOut(event));
    org.onRevoke(() => setImmediate(() => this.rejectRevokedConnects()));
    org.onDropClients(() => this.dropClients());
  }

  /** Handles one HTTP POST body; resolves with the response array (possibly after holding a connect). */
  handle(body: unknown, token: string | undefined): Promise<Message[]> {
    const messages = (Array.isArray(body) ? body : [body]).filter(
      (m): m is Message => Boolean(m) && typeof m === 'object',
    );
    const replies: Message[] = [];
    let connect: { message: Message; client: Client } | undefined;
    for (const message of messages) {
      const channel = String(message.channel ?? '');
      if (channel === '/meta/handshake') {
        replies.push(this.handshake(message, token));
        continue;
      }
      const client = this.liveClient(message.clientId);
      if (!client) {
        replies.push(this.unknownClient(message));
        continue;
      }
      client.lastSeenAt = this.org.now();
      if (!this.org.sessions.isValid(token)) {
        replies.push(this.authInvalid(message, client.id));
        continue;
      }
      switch (channel) {
        case '/meta/connect':
          connect = { message, client };
          break;
        case '/meta/subscribe':
          replies.push(this.subscribe(message, client));
          break;
        case '/meta/unsubscribe':
          replies.push(this.unsubscribe(message, client));
          break;
        case '/meta/disconnect':
          replies.push(this.disconnect(message, client));
          break;
        default:
          replies.push({
            channel,
            id: message.id,
            clientId: client.id,
            successful: false,
            error: '403::Publish denied',
          });
      }
    }
    if (!connect) return Promise.resolve(replies);
    const { message, client } = connect;
    const advice = (message.advice ?? {}) as { timeout?: unknown };
    const immediate =
      !client.connected ||
      advice.timeout === 0 ||
      messages.length > 1 ||
      client.queue.length > 0 ||
      this.closed;
    client.connected = true;
    if (client.held) this.release(client, this.connectReply(client.held.request, client));
    if (immediate)
      return Promise.resolve([...this.drain(client), ...replies, this.connectReply(message, client)]);
    return new Promise((resolve) => {
      const timer = setTimeout(
        () => this.release(client, this.connectReply(message, client)),
        this.options.timeoutMs,
      );
      client.held = { request: message, replies, resolve, timer, token };
    });
  }

  /** Answers every held connect (used when the sandbox closes). */
  close(): void {
    this.closed = true;
    for (const client of this.clients.values()) {
      if (client.held) this.release(client, this.connectReply(client.held.request, client));
    }
    this.clients.clear();
  }

  // ---- meta channels ------------------------------------------------------------------------------------

  private handshake(message: Message, token: string | undefined): Message {
    if (!this.org.sessions.isValid(token)) {
      return {
        ext: { sfdc: { failureReason: AUTH_INVALID } },
        advice: { reconnect: 'none' },
        channel: '/meta/handshake',
        id: message.id,
        error: '403::Handshake denied',
        successful: false,
      };
    }
    const id = randomBytes(20)
      .toString('base64url')
      .toLowerCase()
      .replace(/[^a-z0-9]/g, '')
      .slice(0, 27)
      .padEnd(27, '0');
    this.clients.set(id, {
      id,
      subscriptions: new Set(),
      queue: [],
      connected: false,
      lastSeenAt: this.org.now(),
      flushScheduled: false,
    });
    return {
      ext: { replay: true, 'payload.format': true },
      minimumVersion: '1.0',
      clientId: id,
      supportedConnectionTypes: ['long-polling'],
      channel: '/meta/handshake',
      id: message.id,
      version: '1.0',
      successful: true,
    };
  }

  private subscribe(message: Message, client: Client): Message {
    const subscription = message.subscription;
    const reply = (extra: Message): Message => ({
      clientId: client.id,
      channel: '/meta/subscribe',
      id: message.id,
      subscription,
      ...extra,
    });
    if (typeof subscription !== 'string' || subscription === '')
      return reply({ successful: false, error: '400::Channel name not specified' });
    if (!subscription.startsWith('/'))
      return reply({ successful: false, error: "400::Channel subscriptions must start with a leading '/'" });
    const eventName = /^\/event\/(.+)$/.exec(subscription)?.[1];
    const def = eventName ? this.org.schema.object(eventName) : undefined;
    // Channel names are case-sensitive.
    if (!def || def.kind !== 'event' || def.name !== eventName) {
      return reply({
        successful: false,
        error: `400::The channel you requested to subscribe to does not exist {${subscription}}`,
      });
    }
    const ext = (message.ext ?? {}) as { replay?: Record<string, unknown> };
    const raw = ext.replay?.[subscription];
    const replayId = raw === undefined || raw === null ? -1 : Number(raw);
    if (!Number.isInteger(replayId) || !this.org.bus.isReplayable(subscription, replayId)) {
      return reply({ successful: false, error: REPLAY_INVALID(raw) });
    }
    client.subscriptions.add(subscription);
    for (const event of this.org.bus.after(subscription, replayId)) this.enqueue(client, event);
    return reply({ successful: true });
  }

  private unsubscribe(message: Message, client: Client): Message {
    const subscription = String(message.subscription ?? '');
    client.subscriptions.delete(subscription);
    return {
      clientId: client.id,
      channel: '/meta/unsubscribe',
      id: message.id,
      subscription,
      successful: true,
    };
  }

  private disconnect(message: Message, client: Client): Message {
    if (client.held) {
      this.release(client, {
        ...this.connectReply(client.held.request, client),
        advice: { reconnect: 'none', interval: 0 },
      });
    }
    this.clients.delete(client.id);
    return { clientId: client.id, channel: '/meta/disconnect', id: message.id, successful: true };
  }

  private connectReply(message: Message, client: Client): Message {
    return {
      clientId: client.id,
      channel: '/meta/connect',
      id: message.id,
      successful: true,
      advice: { reconnect: 'retry', interval: 0, timeout: this.options.timeoutMs },
    };
  }

  private unknownClient(message: Message): Message {
    return {
      channel: message.channel,
      id: message.id,
      clientId: message.clientId,
      successful: false,
      error: '403::Unknown client',
      advice: { reconnect: 'handshake', interval: 500 },
    };
  }

  private authInvalid(message: Message, clientId: string): Message {
    return {
      clientId,
      channel: message.channel,
      id: message.id,
      successful: false,
      error: AUTH_INVALID,
      advice: { reconnect: 'none', interval: 0 },
      ext: { sfdc: { failureReason: AUTH_INVALID }, replay: true },
    };
  }

  // ---- delivery -----------------------------------------------------------------------------------------

  private liveClient(id: unknown): Client | undefined {
    const client = typeof id === 'string' ? this.clients.get(id) : undefined;
    if (client && !client.held && this.org.now() - client.lastSeenAt > this.maxIntervalMs) {
      this.clients.delete(client.id);
      return undefined;
    }
    return client;
  }

  private enqueue(client: Client, event: RetainedEvent): void {
    client.queue.push({
      data: {
        schema: event.schema,
        payload: event.payload,
        event: { replayId: event.replayId, EventUuid: event.eventUuid },
      },
      channel: event.channel,
    });
    this.org.deliveredEvents++;
    if (client.held && !client.flushScheduled) {
      client.flushScheduled = true;
      // Events published in the same tick go out in one response.
      setImmediate(() => {
        client.flushScheduled = false;
        if (client.held) this.release(client, this.connectReply(client.held.request, client));
      });
    }
  }

  private fanOut(event: RetainedEvent): void {
    for (const id of [...this.clients.keys()]) {
      const client = this.liveClient(id);
      if (client?.subscriptions.has(event.channel)) this.enqueue(client, event);
    }
  }

  private drain(client: Client): Message[] {
    const events = client.queue;
    client.queue = [];
    return events;
  }

  /** Answers the client's held connect: queued events first, then the batch's replies, then `connectReply`. */
  private release(client: Client, connectReply: Message): void {
    const held = client.held;
    if (!held) return;
    clearTimeout(held.timer);
    client.held = undefined;
    client.lastSeenAt = this.org.now();
    held.resolve([...this.drain(client), ...held.replies, connectReply]);
  }

  private rejectRevokedConnects(): void {
    for (const client of this.clients.values()) {
      if (client.held && !this.org.sessions.isValid(client.held.token)) {
        const held = client.held;
        clearTimeout(held.timer);
        client.held = undefined;
        held.resolve([...held.replies, this.authInvalid(held.request, client.id)]);
      }
    }
  }

  private dropClients(): void {
    for (const client of [...this.clients.values()]) {
      this.clients.delete(client.id);
      if (client.held) {
        const held = client.held;
        clearTimeout(held.timer);
        client.held = undefined;
        held.resolve([...held.replies, this.unknownClient({ ...held.request, clientId: client.id })]);
      }
    }
  }
}
