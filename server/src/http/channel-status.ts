/** What /readyz and /metrics say about the channels an instance consumes or stands by for. */
import type { Leadership } from '../jobs/leadership';
import type { DurableSubscriber } from '../salesforce/subscriber';

export interface LedChannel {
  leadership: Leadership;
  subscriber: DurableSubscriber;
}

/** A standby is ready (it is doing its job: waiting); a leader is once its subscription is live. */
export function channelReady({ leadership, subscriber }: LedChannel): boolean {
  return leadership.role === 'standby' || (leadership.role === 'active' && subscriber.ready);
}

export function channelRoles(channels: readonly LedChannel[]): Record<string, string> {
  return Object.fromEntries(channels.map((c) => [c.leadership.channel, c.leadership.role]));
}

const label = (channel: string) => `channel="${channel.replace(/["\\\n]/g, '_')}"`;

/** Prometheus text format: which channels this instance leads, and what it handled there. */
export function channelMetrics(channels: readonly LedChannel[]): string {
  const lines = [
    '# HELP user_sync_channel_leader 1 when this instance consumes the channel, 0 when it stands by.',
    '# TYPE user_sync_channel_leader gauge',
    ...channels.map(
      (c) =>
        `user_sync_channel_leader{${label(c.leadership.channel)}} ${c.leadership.role === 'active' ? 1 : 0}`,
    ),
    '# HELP user_sync_events_handled_total Events handed to the handler by this instance since it started.',
    '# TYPE user_sync_events_handled_total counter',
    ...channels.map(
      (c) => `user_sync_events_handled_total{${label(c.leadership.channel)}} ${c.subscriber.stats.handled}`,
    ),
    '# HELP user_sync_events_duplicate_total Events skipped because the ledger had them (replays).',
    '# TYPE user_sync_events_duplicate_total counter',
    ...channels.map(
      (c) =>
        `user_sync_events_duplicate_total{${label(c.leadership.channel)}} ${c.subscriber.stats.duplicates}`,
    ),
  ];
  return `${lines.join('\n')}\n`;
}
