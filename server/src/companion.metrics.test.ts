import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSandboxStack, type SandboxStack } from '../sandbox/stack';
import { scrape } from '../test/metrics-scrape';
import { waitFor } from '../test/wait-for';
import { startCompanion, type Companion } from './companion';
import { ProvisioningStack } from './iadvize-sync/test-stack';
import { silentLogger } from './lib/logger';

const SYNC = { channel: 'iadvize_sync_requests' };
const COMMANDS = { channel: 'commands' };
const IADVIZE = { provider: 'iadvize' };

describe('/metrics while the companion provisions iAdvize operators', () => {
  const t = new ProvisioningStack();
  afterEach(() => t.close());

  const users = (n: number) =>
    Array.from({ length: n }, (_, i) => t.addUser(`Metric${i}`, 'User', `metric${i}@example.com`));

  it('counts each tick as an event received and handled, its outcome, and its write-back latency', async () => {
    await t.boot();
    const before = await scrape(t.companion!.server);
    expect(before.value('usersync_iadvize_provisioning_outcomes_total', { status: 'Created' })).toBe(0);
    expect(before.value('usersync_subscription_connected', SYNC)).toBe(1);
    expect(before.value('usersync_subscription_connected', COMMANDS)).toBe(1);

    const ids = users(3);
    t.tick(...ids);
    await waitFor(t.settled(...ids), 'the three write-backs');
    const after = await scrape(t.companion!.server);

    expect(after.value('usersync_iadvize_provisioning_outcomes_total', { status: 'Created' })).toBe(3);
    for (const status of ['Linked', 'Skipped', 'Failed'])
      expect(after.value('usersync_iadvize_provisioning_outcomes_total', { status })).toBe(0);
    expect(after.value('usersync_events_received_total', SYNC)).toBe(3);
    expect(after.value('usersync_events_handled_total', SYNC)).toBe(3);
    expect(after.value('usersync_iadvize_writeback_latency_seconds_count')).toBe(3);
    const latency = after.value('usersync_iadvize_writeback_latency_seconds_sum')!;
    expect(latency).toBeGreaterThan(0);
    expect(latency).toBeLessThan(3 * 30);
    // Each request iAdvize saw, logins included, was counted; none needed a retry or a wait.
    const { counters } = t.iadvize;
    expect(after.value('usersync_provider_requests_total', IADVIZE)).toBeGreaterThanOrEqual(
      counters.graphql + 3,
    );
    expect(after.value('usersync_provider_retries_total', IADVIZE)).toBe(0);
    expect(after.value('usersync_provider_rate_limit_waits_total', IADVIZE)).toBe(0);
    // Bounded labels only: no user, email or id reaches the scrape.
    expect(after.text).not.toMatch(/metric\d@example\.com|005[A-Za-z0-9]{12}/);
  });

  it('counts a 429 from iAdvize as a wait, then a resend, not a failure', async () => {
    await t.boot({ iadvize: { faults: { rate429: 0.3, seed: 7 } } });
    const ids = users(3);
    t.tick(...ids);
    await waitFor(t.settled(...ids), 'the three write-backs', 20_000);
    const after = await scrape(t.companion!.server);

    const injected = t.iadvize.counters.faults429;
    expect(injected).toBeGreaterThan(0);
    expect(after.value('usersync_provider_rate_limit_waits_total', IADVIZE)).toBe(injected);
    // Each wait was followed by the same request sent again; nothing else had to be retried.
    expect(after.value('usersync_provider_retries_total', IADVIZE)).toBe(injected);
    expect(after.value('usersync_iadvize_provisioning_outcomes_total', { status: 'Created' })).toBe(3);
    expect(after.value('usersync_iadvize_provisioning_outcomes_total', { status: 'Failed' })).toBe(0);
  }, 30_000);

  it('shows both subscriptions disconnected during a Salesforce outage, and connected again after it', async () => {
    await t.boot();
    const restore = await t.stack.salesforce.outage();
    await waitFor(
      async () => (await scrape(t.companion!.server)).value('usersync_subscription_connected', SYNC) === 0,
      'the sync request subscription to drop',
    );
    expect((await scrape(t.companion!.server)).value('usersync_subscription_connected', COMMANDS)).toBe(0);
    await restore();
    await waitFor(async () => {
      const s = await scrape(t.companion!.server);
      return (
        s.value('usersync_subscription_connected', SYNC) === 1 &&
        s.value('usersync_subscription_connected', COMMANDS) === 1
      );
    }, 'both subscriptions back');
  }, 30_000);
});

describe('/metrics while the companion runs directory imports', () => {
  let stack: SandboxStack;
  let companion: Companion;

  beforeEach(async () => {
    // Slow enough answers that the run can be seen holding its lock.
    stack = await startSandboxStack({ salesforce: { cometdTimeoutMs: 400 }, zendesk: { latencyMs: 300 } });
    for (let i = 0; i < 4; i++)
      stack.zendesk.state.addUser({ name: `Agent ${i}`, email: `agent${i}@acme.test`, role: 'agent' });
    companion = await startCompanion(
      stack.companionConfig(join(mkdtempSync(join(tmpdir(), 'metrics-')), 'c.db')),
      silentLogger(),
    );
  });
  afterEach(async () => {
    await companion.stop();
    await stack.close();
  });

  const org = () => stack.salesforce.org;
  const runs = () => org().query('SELECT Status__c FROM User_Sync_Run__c ORDER BY Name');
  const value = async (name: string, labels?: Record<string, string>) =>
    (await scrape(companion.server)).value(name, labels);

  it('counts the run by source and status with its duration, its Zendesk requests, and its lock while held', async () => {
    const ZENDESK_RUN = { source: 'zendesk', status: 'Succeeded' };
    expect(await value('usersync_run_lock_held', { source: 'zendesk' })).toBe(0);
    org().insert('User_Sync_Source__c', [
      {
        Name: 'Zendesk',
        Source__c: 'zendesk',
        Enabled__c: true,
        Zendesk_Subdomain__c: 'acme',
        Zendesk_Roles__c: 'agent',
      },
    ]);
    org().publishEvent('User_Sync_Command__e', { Command__c: 'SETTINGS_CHANGED', Source__c: 'zendesk' });
    await waitFor(
      async () => (await value('usersync_run_lock_held', { source: 'zendesk' })) === 1,
      'the run to hold the lock',
    );
    expect(await value('usersync_run_lock_held', { source: 'intercom' })).toBe(0);
    await waitFor(() => runs()[0]?.Status__c === 'Succeeded', 'the first import');
    await waitFor(
      async () => (await value('usersync_directory_runs_total', ZENDESK_RUN)) === 1,
      'the run counted',
    );

    const s = await scrape(companion.server);
    expect(s.value('usersync_run_lock_held', { source: 'zendesk' })).toBe(0);
    expect(s.value('usersync_directory_run_duration_seconds_count', ZENDESK_RUN)).toBe(1);
    // At least one listing request at 300 ms each.
    expect(s.value('usersync_directory_run_duration_seconds_sum', ZENDESK_RUN)).toBeGreaterThan(0.3);
    expect(s.value('usersync_provider_requests_total', { provider: 'zendesk' })).toBe(
      stack.zendesk.state.counters.requests,
    );
    expect(s.value('usersync_events_handled_total', COMMANDS)).toBe(1);

    // A preview is counted as such, apart from the runs that wrote.
    org().publishEvent('User_Sync_Command__e', { Command__c: 'PREVIEW', Source__c: 'zendesk' });
    await waitFor(
      async () =>
        (await value('usersync_directory_runs_total', { source: 'zendesk', status: 'Preview' })) === 1,
      'the preview counted',
    );
    expect(await value('usersync_directory_runs_total', ZENDESK_RUN)).toBe(1);
  });

  it('counts a run that cannot start as Refused', async () => {
    org().insert('User_Sync_Source__c', [
      // No roles chosen: the run is refused with the reason on the settings record.
      { Name: 'Zendesk', Source__c: 'zendesk', Enabled__c: true, Zendesk_Subdomain__c: 'acme' },
    ]);
    org().publishEvent('User_Sync_Command__e', { Command__c: 'RUN_NOW', Source__c: 'zendesk' });
    await waitFor(
      async () =>
        (await value('usersync_directory_runs_total', { source: 'zendesk', status: 'Refused' })) === 1,
      'the refused run counted',
    );
    expect(runs()).toHaveLength(0);
  });
});
