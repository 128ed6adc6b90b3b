import { Counter, Gauge, type Registry } from 'prom-client';

/** What the metrics read from a DurableSubscriber (salesforce/subscriber.ts). */
export interface WatchedSubscriber {
  readonly ready: boolean;
  readonly stats: { readonly received: number; readonly handled: number; readonly duplicates: number };
}

/** Whether this instance consumes a channel or stands by for it (jobs/leadership.ts). */
export interface WatchedLeadership {
  readonly role: string;
}

/** The companion's two channels, as label values. */
export type ChannelLabel = 'iadvize_sync_requests' | 'commands';

/**
 * Events received and handled, and whether each subscription is connected, read from the subscribers
 * at each scrape: their own counts are the truth (they survive client rebuilds after an outage).
 */
export function streamingMetrics(registry: Registry) {
  const subscribers = new Map<ChannelLabel, WatchedSubscriber>();
  const leaderships = new Map<ChannelLabel, WatchedLeadership>();
  const fromStats = (name: string, help: string, key: 'received' | 'handled' | 'duplicates') =>
    new Counter({
      name,
      help,
      labelNames: ['channel'],
      registers: [registry],
      collect() {
        this.reset();
        for (const [channel, s] of subscribers) this.inc({ channel }, s.stats[key]);
      },
    });
  fromStats(
    'usersync_events_received_total',
    'Platform events received from Salesforce, per channel (replays of events already handled included).',
    'received',
  );
  fromStats(
    'usersync_events_handled_total',
    'Platform events handled and stored as such, per channel (replayed duplicates not counted).',
    'handled',
  );
  fromStats(
    'usersync_events_duplicate_total',
    'Platform events skipped because the ledger already had them (a replay after a reconnect or a takeover).',
    'duplicates',
  );
  new Gauge({
    name: 'usersync_channel_leader',
    help: '1 while this instance consumes the channel, 0 while another instance sharing the store does and this one stands by.',
    labelNames: ['channel'],
    registers: [registry],
    collect() {
      for (const [channel, l] of leaderships) this.set({ channel }, l.role === 'active' ? 1 : 0);
    },
  });
  new Gauge({
    name: 'usersync_subscription_connected',
    help: '1 while the subscription to the channel is accepted and its transport up, else 0.',
    labelNames: ['channel'],
    registers: [registry],
    collect() {
      for (const [channel, s] of subscribers) this.set({ channel }, s.ready ? 1 : 0);
    },
  });
  return {
    watch(channel: ChannelLabel, subscriber: WatchedSubscriber, leadership?: WatchedLeadership): void {
      subscribers.set(channel, subscriber);
      if (leadership) leaderships.set(channel, leadership);
    },
  };
}

const DIRECTORY_SOURCES = ['zendesk', 'intercom'];

/**
 * Run locks this companion holds: 1 per directory source (zendesk, intercom), and under `push` the
 * number of pushes under way. `held` lists the names of the locks held (jobs/run-lock.ts).
 */
export function lockMetrics(registry: Registry) {
  const holders: Array<() => Iterable<string>> = [];
  new Gauge({
    name: 'usersync_run_lock_held',
    help: 'Run locks held by this companion: 1 while a run of the source is under way here; for push, the number of pushes under way.',
    labelNames: ['source'],
    registers: [registry],
    collect() {
      const counts = new Map<string, number>([...DIRECTORY_SOURCES, 'push'].map((s) => [s, 0]));
      for (const held of holders)
        for (const name of held()) {
          const source = name.startsWith('push-') ? 'push' : name;
          if (counts.has(source)) counts.set(source, counts.get(source)! + 1);
        }
      for (const [source, count] of counts) this.set({ source }, count);
    },
  });
  return { watch: (held: () => Iterable<string>) => void holders.push(held) };
}
