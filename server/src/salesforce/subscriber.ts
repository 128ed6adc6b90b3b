import { EventEmitter } from 'node:events';
import type { Connection } from 'jsforce';
import { StreamingExtension } from 'jsforce/api/streaming';
import { CompanionError, messageOf } from '../lib/errors';
import type { Logger } from '../lib/logger';
import { proxyFromEnvironment, type ProxyFor } from '../lib/proxy';
import { backoffMs } from '../lib/retry-delay';
import { within } from '../lib/within';
import type { EventStore } from '../store/store';
import { isReplayRejection, parseDelivery, uniqueByUuid, type PlatformEvent } from './platform-event';
import { createStreamingClient } from './streaming-client';

/** The part of a faye client the subscriber uses (faye ships no types). */
type FayeSubscription = PromiseLike<unknown>;
interface FayeClient {
  subscribe(channel: string, onMessage: (data: unknown) => void): FayeSubscription;
  /** Sends /meta/disconnect; settles when Salesforce answers (undefined when not connected). */
  disconnect(): PromiseLike<unknown> | undefined;
  on(event: 'transport:up' | 'transport:down', listener: () => void): void;
}
interface BayeuxMessage {
  channel: string;
  successful?: boolean;
  error?: string;
}

export interface StreamingSession {
  readonly connection: Connection;
  renew(): Promise<void>;
}

export type EventBatchHandler = (events: PlatformEvent[]) => Promise<void>;

export interface SubscriberOptions {
  channel: string;
  session: StreamingSession;
  store: EventStore;
  handler: EventBatchHandler;
  logger: Logger;
  /** Where to start when no position is stored: -2 all retained events, -1 new ones only. */
  initialReplayId?: -1 | -2;
  /** Most events handed to the handler at once (a Salesforce collection holds 200 records). */
  maxBatch?: number;
  /** Backoff for handler failures and re-authentication, in ms. */
  retry?: { minMs: number; maxMs: number };
  /** The proxy for the CometD URL (default: HTTPS_PROXY / NO_PROXY through proxy-from-env). */
  proxyFor?: ProxyFor;
}

export interface SubscriberStats {
  handled: number;
  duplicates: number;
  clients: number;
  lastReplayId?: number;
}

// How long a clean stop waits for Salesforce to acknowledge /meta/disconnect.
const DISCONNECT_WAIT_MS = 2000;

const sleep = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });

/**
 * A durable, at-least-once subscriber to one platform event channel.
 *
 * - Replays from the stored position after a restart; the position is stored only after the
 *   event's batch was handled, together with the ledger entry for each EventUuid.
 * - An expired or invalid stored replay id falls back to -2 (every retained event) and says so; the
 *   ledger makes the replayed events harmless.
 * - `401::Authentication invalid` (reconnect none) stops faye for good: the subscriber renews the
 *   token and builds a new client from its stored position.
 * - `403::Unknown client` is handled by faye (re-handshake, re-subscribe from the last event seen);
 *   events seen but not yet handled stay in memory, so none is lost.
 * - When the transport comes back after being down (a network or Salesforce outage), the subscriber
 *   builds a new client from its stored position: events Salesforce delivered into a connection that
 *   died were never received, and only a replay from the stored id brings them back (the ledger
 *   filters those that were). Not ready while the transport is down.
 *
 * Emits 'handled' (events) after each batch is stored.
 */
export class DurableSubscriber extends EventEmitter {
  private readonly options: Required<Omit<SubscriberOptions, 'initialReplayId'>> & {
    initialReplayId: -1 | -2;
  };
  private readonly log: Logger;
  private readonly stopSignal = new AbortController();
  private queue: PlatformEvent[] = [];
  private draining: Promise<void> | undefined;
  private client: FayeClient | undefined;
  private subscription: FayeSubscription | undefined;
  private generation = 0;
  private subscribedGeneration = -1;
  private transportUp = false;
  /** When the transport went down, while it is (for the log line when it returns). */
  private downSince: number | undefined;
  private rebuilding: Promise<void> | undefined;
  private firstSubscription: { resolve: () => void; reject: (e: Error) => void } | undefined;
  readonly stats: SubscriberStats = { handled: 0, duplicates: 0, clients: 0 };

  constructor(options: SubscriberOptions) {
    super();
    this.options = {
      initialReplayId: -2,
      maxBatch: 200,
      retry: { minMs: 500, maxMs: 30_000 },
      proxyFor: proxyFromEnvironment,
      ...options,
    };
    this.log = options.logger.child({ component: 'subscriber', channel: options.channel });
  }

  /** True while subscribed and the transport is up: what /readyz reports. */
  get ready(): boolean {
    return !this.stopping && this.subscribedGeneration === this.generation && this.transportUp;
  }

  private get stopping(): boolean {
    return this.stopSignal.signal.aborted;
  }

  /** Subscribes from the stored position; resolves once Salesforce has accepted the subscription. */
  async start(): Promise<void> {
    const stored = await this.options.store.getReplayId(this.options.channel);
    const done = new Promise<void>((resolve, reject) => (this.firstSubscription = { resolve, reject }));
    this.open(stored ?? this.options.initialReplayId, stored !== undefined);
    return done;
  }

  /** Stops taking events, lets the batch in flight finish and be stored, then returns. */
  /**
   * Stops taking events and lets the batch in flight finish and be stored, waiting `graceMs` at most:
   * a batch stuck on an unreachable provider is left unstored and handled again at the next start
   * (its position was never moved past it; the ledger and the providers' idempotence make that safe).
   */
  async stop(graceMs = 6_000): Promise<void> {
    if (this.stopping) return;
    this.stopSignal.abort();
    const started = Date.now();
    await this.dropClient(Math.min(DISCONNECT_WAIT_MS, graceMs));
    if (this.draining && !(await within(this.draining, graceMs - (Date.now() - started))))
      this.log.warn('the batch in flight did not finish in time: it will be handled again at the next start');
    // Whatever was received but not handled is replayed from the stored position next start.
    this.queue = [];
    this.log.info({ lastReplayId: this.stats.lastReplayId }, 'subscriber stopped');
  }

  private open(replayFrom: number, fromStore: boolean): void {
    const generation = ++this.generation;
    const { channel, session } = this.options;
    const isCurrent = () => generation === this.generation && !this.stopping;

    const authFailure = new StreamingExtension.AuthFailure((message: BayeuxMessage) => {
      if (!isCurrent()) return;
      this.log.warn(
        { error: message.error },
        'streaming authentication invalid; renewing the token and building a new client',
      );
      void this.rebuild({ renewToken: true });
    });
    // jsforce's own re-subscribe after a re-handshake fails silently when the replay id it
    // remembers has expired (jsforce#1061, #1709): watch the replies and rebuild ourselves.
    const resubscribeWatcher = {
      incoming: (message: BayeuxMessage, callback: (m: BayeuxMessage) => void) => {
        if (
          message.channel === '/meta/subscribe' &&
          message.successful === false &&
          this.subscribedGeneration === generation &&
          isCurrent()
        ) {
          this.log.warn({ error: message.error }, 're-subscription refused; building a new client');
          void this.rebuild({ renewToken: false });
        }
        callback(message);
      },
    };
    const client = createStreamingClient(
      session.connection,
      [authFailure, new StreamingExtension.Replay(channel, replayFrom), resubscribeWatcher],
      this.options.proxyFor,
    ) as unknown as FayeClient;
    client.on('transport:up', () => {
      if (!isCurrent()) return;
      this.transportUp = true;
      if (this.downSince === undefined) return;
      const downMs = Date.now() - this.downSince;
      this.downSince = undefined;
      this.log.warn({ downMs }, 'streaming transport back; resubscribing from the stored replay id');
      void this.rebuild({ renewToken: false });
    });
    client.on('transport:down', () => {
      if (!isCurrent()) return;
      this.transportUp = false;
      if (this.downSince !== undefined) return;
      this.downSince = Date.now();
      this.log.error('streaming transport down: Salesforce unreachable; retrying, not ready meanwhile');
    });
    this.client = client;
    this.stats.clients += 1;
    this.transportUp = true;
    this.subscription = client.subscribe(channel, (data) => isCurrent() && this.receive(data));
    this.subscription.then(
      () => {
        if (!isCurrent()) return;
        this.subscribedGeneration = generation;
        this.log.info({ replayFrom, fromStore }, 'subscribed');
        this.firstSubscription?.resolve();
      },
      (error: unknown) => {
        if (!isCurrent()) return;
        if (isReplayRejection(error) && replayFrom !== -2) {
          this.log.warn(
            { replayFrom, code: 'SF_REPLAY_EXPIRED' },
            `replay id ${replayFrom} is no longer retained by Salesforce; replaying from the oldest retained event (-2)`,
          );
          void this.dropClient();
          this.open(-2, false);
          return;
        }
        const failure = new CompanionError(
          'SF_AUTH_FAILED',
          `subscription to ${channel} refused: ${messageOf(error)}`,
        );
        this.log.error({ err: failure }, 'subscription refused');
        this.firstSubscription?.reject(failure);
      },
    );
  }

  /**
   * Forgets the current client. On a clean stop it waits (bounded) for Salesforce to acknowledge
   * the disconnect, which also ends the held long-poll; a client being replaced is not waited for.
   * A disconnect drops every subscription of the client, so no separate unsubscribe is sent.
   */
  private async dropClient(waitMs = 0): Promise<void> {
    const client = this.client;
    this.subscription = undefined;
    this.client = undefined;
    this.transportUp = false;
    const acknowledged = client?.disconnect();
    if (!acknowledged || waitMs === 0) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.resolve(acknowledged).catch(() => undefined),
      new Promise((resolve) => (timer = setTimeout(resolve, waitMs))),
    ]);
    clearTimeout(timer);
  }

  private rebuild({ renewToken }: { renewToken: boolean }): Promise<void> {
    this.rebuilding ??= (async () => {
      void this.dropClient();
      // Events from the old client that were never handled come again from the stored position.
      for (let attempt = 0; renewToken && !this.stopping; attempt++) {
        try {
          await this.options.session.renew();
          break;
        } catch (error) {
          const wait = backoffMs(attempt, this.options.retry.minMs, this.options.retry.maxMs);
          this.log.error({ err: error, retryInMs: wait }, 'could not renew the Salesforce token');
          await sleep(wait, this.stopSignal.signal);
        }
      }
      if (this.stopping) return;
      const stored = await this.options.store.getReplayId(this.options.channel);
      this.open(stored ?? this.options.initialReplayId, stored !== undefined);
    })().finally(() => (this.rebuilding = undefined));
    return this.rebuilding;
  }

  private receive(data: unknown): void {
    const parsed = parseDelivery(this.options.channel, data);
    if (!parsed.ok) {
      this.log.error(parsed.error);
      return;
    }
    this.queue.push(parsed.value);
    // Deferred by a macrotask so every event of one CometD response joins the same batch.
    if (!this.draining) this.draining = new Promise((r) => setImmediate(r)).then(() => this.drain());
  }

  private async drain(): Promise<void> {
    const { store, channel, handler, maxBatch, retry } = this.options;
    let attempt = 0;
    try {
      while (this.queue.length > 0 && !this.stopping) {
        const taken = this.queue.slice(0, maxBatch);
        const batch = uniqueByUuid(taken);
        const done = await store.handledAmong(batch.map((e) => e.eventUuid));
        const fresh = batch.filter((e) => !done.has(e.eventUuid));
        try {
          if (fresh.length > 0) await handler(fresh);
        } catch (error) {
          const wait = backoffMs(attempt++, retry.minMs, retry.maxMs);
          this.log.error(
            { err: error, code: 'EVENT_HANDLER_FAILED', events: fresh.length, attempt, retryInMs: wait },
            'event batch failed; it will be retried',
          );
          await sleep(wait, this.stopSignal.signal);
          continue;
        }
        attempt = 0;
        await store.markHandled(
          channel,
          batch.map(({ eventUuid, replayId }) => ({ eventUuid, replayId })),
        );
        this.queue.splice(0, taken.length);
        this.stats.handled += fresh.length;
        this.stats.duplicates += taken.length - fresh.length;
        this.stats.lastReplayId = batch[batch.length - 1].replayId;
        this.emit('handled', fresh);
      }
    } finally {
      this.draining = undefined;
    }
  }
}
