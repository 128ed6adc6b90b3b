import { collectDefaultMetrics, Registry } from 'prom-client';
import { ProviderRequests } from './provider-requests';
import { provisioningMetrics } from './provisioning';
import type { ProvisioningRecorder, RunRecorder } from './recorders';
import { runMetrics } from './runs';
import {
  lockMetrics,
  streamingMetrics,
  type ChannelLabel,
  type WatchedLeadership,
  type WatchedSubscriber,
} from './streaming';

/**
 * One companion's metrics, in a registry of its own (never prom-client's global one): several
 * companions in one process (tests, the demo) each count their own. Served at /metrics.
 */
export class CompanionMetrics {
  readonly registry = new Registry();
  readonly requests: ProviderRequests;
  readonly provisioning: ProvisioningRecorder;
  readonly directoryRuns: RunRecorder;
  readonly pushRuns: RunRecorder;
  private readonly streaming: ReturnType<typeof streamingMetrics>;
  private readonly locks: ReturnType<typeof lockMetrics>;

  /** `processMetrics`: prom-client's standard process_* and nodejs_* metrics too (CPU, memory, event loop). */
  constructor(options: { processMetrics?: boolean } = {}) {
    if (options.processMetrics) collectDefaultMetrics({ register: this.registry });
    this.requests = new ProviderRequests(this.registry);
    this.provisioning = provisioningMetrics(this.registry);
    this.directoryRuns = runMetrics(this.registry, 'directory', 'source');
    this.pushRuns = runMetrics(this.registry, 'push', 'destination');
    this.streaming = streamingMetrics(this.registry);
    this.locks = lockMetrics(this.registry);
  }

  /** `leadership`: whether this instance consumes the channel or stands by (usersync_channel_leader). */
  watchSubscriber(
    channel: ChannelLabel,
    subscriber: WatchedSubscriber,
    leadership?: WatchedLeadership,
  ): void {
    this.streaming.watch(channel, subscriber, leadership);
  }

  /** `held`: the names of the run locks a scheduler holds now (StoreRunLock.heldNames). */
  watchLocks(held: () => Iterable<string>): void {
    this.locks.watch(held);
  }
}
