/** What /readyz says about the channels an instance consumes or stands by for. */
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
