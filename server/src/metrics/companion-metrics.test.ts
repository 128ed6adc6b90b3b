import { parseScrape } from '../../test/metrics-scrape';
import { CompanionMetrics } from './companion-metrics';

const read = async (metrics: CompanionMetrics) => parseScrape(await metrics.registry.metrics());

describe('CompanionMetrics', () => {
  it('adds what a watched client counted at each scrape, once, and keeps it after the release', async () => {
    const metrics = new CompanionMetrics();
    const counters = { requests: 0, retries: 0, rateLimited: 0 };
    const release = metrics.requests.watch('zendesk', counters);
    Object.assign(counters, { requests: 4, retries: 1, rateLimited: 2 });
    expect((await read(metrics)).value('usersync_provider_requests_total', { provider: 'zendesk' })).toBe(4);
    counters.requests = 6;
    release();
    counters.requests = 100; // after the release: no longer counted
    const s = await read(metrics);
    expect(s.value('usersync_provider_requests_total', { provider: 'zendesk' })).toBe(6);
    expect(s.value('usersync_provider_retries_total', { provider: 'zendesk' })).toBe(1);
    expect(s.value('usersync_provider_rate_limit_waits_total', { provider: 'zendesk' })).toBe(2);

    // A second run's client adds to the first's figures.
    const next = { requests: 3, retries: 0, rateLimited: 0 };
    metrics.requests.watch('zendesk', next)();
    expect((await read(metrics)).value('usersync_provider_requests_total', { provider: 'zendesk' })).toBe(9);
    expect((await read(metrics)).value('usersync_provider_requests_total', { provider: 'intercom' })).toBe(0);
  });

  it('shows locks per directory source and the number of pushes under way', async () => {
    const metrics = new CompanionMetrics();
    let directory: string[] = [];
    let pushes: string[] = [];
    metrics.watchLocks(() => directory);
    metrics.watchLocks(() => pushes);
    expect((await read(metrics)).value('usersync_run_lock_held', { source: 'zendesk' })).toBe(0);
    directory = ['zendesk'];
    pushes = ['push-a0B000000000001AAA', 'push-a0B000000000002AAA'];
    const s = await read(metrics);
    expect(s.value('usersync_run_lock_held', { source: 'zendesk' })).toBe(1);
    expect(s.value('usersync_run_lock_held', { source: 'intercom' })).toBe(0);
    expect(s.value('usersync_run_lock_held', { source: 'push' })).toBe(2);
    expect(s.text).not.toContain('a0B');
  });

  it('reads events, connection and leadership from the subscribers as they are at the scrape', async () => {
    const metrics = new CompanionMetrics();
    const subscriber = { ready: true, stats: { received: 5, handled: 4, duplicates: 1 } };
    const leadership = { role: 'standby' };
    metrics.watchSubscriber('commands', subscriber, leadership);
    let s = await read(metrics);
    expect(s.value('usersync_events_received_total', { channel: 'commands' })).toBe(5);
    expect(s.value('usersync_events_handled_total', { channel: 'commands' })).toBe(4);
    expect(s.value('usersync_subscription_connected', { channel: 'commands' })).toBe(1);
    expect(s.value('usersync_events_duplicate_total', { channel: 'commands' })).toBe(1);
    expect(s.value('usersync_channel_leader', { channel: 'commands' })).toBe(0);
    Object.assign(subscriber, { ready: false, stats: { received: 7, handled: 7, duplicates: 1 } });
    leadership.role = 'active';
    s = await read(metrics);
    expect(s.value('usersync_events_handled_total', { channel: 'commands' })).toBe(7);
    expect(s.value('usersync_subscription_connected', { channel: 'commands' })).toBe(0);
    expect(s.value('usersync_channel_leader', { channel: 'commands' })).toBe(1);
  });

  it('keeps each companion’s figures in its own registry; process metrics only when asked', async () => {
    const one = new CompanionMetrics({ processMetrics: true });
    const two = new CompanionMetrics();
    one.directoryRuns.record('intercom', 'Succeeded', 2);
    expect(
      (await read(one)).value('usersync_directory_runs_total', { source: 'intercom', status: 'Succeeded' }),
    ).toBe(1);
    expect(
      (await read(two)).value('usersync_directory_runs_total', { source: 'intercom', status: 'Succeeded' }),
    ).toBeUndefined();
    expect((await read(one)).text).toContain('process_cpu_user_seconds_total');
    expect((await read(two)).text).not.toContain('process_cpu_user_seconds_total');
    const s = await read(one);
    expect(
      s.value('usersync_directory_run_duration_seconds_bucket', {
        source: 'intercom',
        status: 'Succeeded',
        le: '1',
      }),
    ).toBe(0);
    expect(
      s.value('usersync_directory_run_duration_seconds_bucket', {
        source: 'intercom',
        status: 'Succeeded',
        le: '5',
      }),
    ).toBe(1);
  });
});
