import { waitFor } from '../../test/wait-for';
import { capturedLogger } from '../connect/test-helpers';
import { StoreRunLock } from './run-lock';
import { RETRY_AFTER_MS } from './scheduler';
import { HOUR, SchedulerWorld } from './test-scheduler';
import { realTimers } from './timers';

describe('the schedule survives what a scheduled run meets', () => {
  const world = new SchedulerWorld();
  afterEach(() => world.close());

  /** A source that ran just now: its next run is planned, nothing runs at start. */
  const ranJustNow = async (settings: Record<string, unknown> = {}) =>
    world.open(10, { Last_Run__c: new Date(world.timers.nowMs).toISOString(), ...settings });

  it('a scheduled run that finds another run in progress is recorded as Skipped, and the next is planned', async () => {
    await ranJustNow();
    const { logger, text } = capturedLogger();
    await world.start({ logger });
    const other = new StoreRunLock(world.store);
    expect(await other.acquire('zendesk')).toBe(true);
    await other.attachRun('zendesk', 'a0C000000000007AAA');

    world.timers.nowMs += 6 * HOUR;
    world.timers.fireAll();
    await waitFor(() => world.runs()[0]?.Status__c === 'Skipped', 'the skipped run recorded');
    expect(world.runs()[0]).toMatchObject({
      Trigger__c: 'Schedule',
      Status__c: 'Skipped',
      Message__c: 'Skipped: another Zendesk run was in progress (run a0C000000000007AAA).',
    });
    await waitFor(() => world.timers.live().length === 1, 'the next run planned');
    expect(world.timers.live()[0].delayMs).toBe(6 * HOUR);
    await waitFor(
      () => Date.parse(String(world.settings().Next_Run__c)) === world.timers.nowMs + 6 * HOUR,
      'Next Run written',
    );
    expect(text()).toContain('run skipped: the source is busy');
    await other.release('zendesk');
  });

  it('a scheduled run that cannot read its settings is tried again, then runs', async () => {
    await ranJustNow();
    const { logger, text } = capturedLogger();
    await world.start({ logger });
    const read = world.directory.readSettings.bind(world.directory);
    let outages = 1;
    world.directory.readSettings = async (source) => {
      if (outages-- > 0) throw new Error('Salesforce is unavailable (503)');
      return read(source);
    };
    world.timers.nowMs += 6 * HOUR;
    world.timers.fireAll();
    await waitFor(() => world.timers.live().length === 1, 'a retry planned');
    expect(world.timers.live()[0].delayMs).toBe(RETRY_AFTER_MS);
    expect(text()).toContain('trying again later');
    expect(world.runs()).toHaveLength(0);

    world.timers.nowMs += RETRY_AFTER_MS;
    world.timers.fireAll();
    await waitFor(() => world.runs()[0]?.Status__c === 'Succeeded', 'the retried run');
    expect(world.runs()[0].Trigger__c).toBe('Schedule');
    await waitFor(() => world.timers.live()[0]?.delayMs === 6 * HOUR, 'the usual schedule again');
  });

  it('a schedule of 999 hours waits 999 hours, not one millisecond', async () => {
    await world.open(10, { Last_Run__c: new Date().toISOString(), Schedule_Hours__c: 999 });
    await world.start({ timers: realTimers });
    const planned = () =>
      Date.parse(String(world.settings().Next_Run__c)) - Date.parse(String(world.settings().Last_Run__c));
    // (Planned from the real clock: within a second of 999 hours after the last run.)
    await waitFor(() => Math.abs(planned() - 999 * HOUR) < 1000, 'the next run planned 999 hours on');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(world.runs()).toHaveLength(0);
  });

  it('a Preview or Sync now sent while a run of the same source goes on waits for it instead of being Skipped', async () => {
    await ranJustNow();
    const scheduler = await world.start();
    // The first run is held at its start until the other commands have arrived.
    const read = world.directory.readSettings.bind(world.directory);
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let reads = 0;
    world.directory.readSettings = async (source) => {
      if (reads++ === 0) await held;
      return read(source);
    };
    scheduler.handleCommand({ kind: 'RUN_NOW', source: 'zendesk' });
    await waitFor(() => reads === 1, 'the first run started');
    // Sent while that run goes on; the repeated Sync now waits once, not twice.
    scheduler.handleCommand({ kind: 'PREVIEW', source: 'zendesk' });
    scheduler.handleCommand({ kind: 'RUN_NOW', source: 'zendesk' });
    scheduler.handleCommand({ kind: 'RUN_NOW', source: 'zendesk' });
    await new Promise((resolve) => setTimeout(resolve, 200));
    release();
    await scheduler.whenIdle();
    expect(world.runs().map((r) => [r.Trigger__c, r.Status__c])).toEqual([
      ['Manual', 'Succeeded'],
      ['Preview', 'Preview'],
      ['Manual', 'Succeeded'],
    ]);
  });

  it('starts no run once stopping, for a command or a first import planned during the stop', async () => {
    await world.open(10);
    const scheduler = await world.start();
    await scheduler.whenIdle();
    const before = world.runs().length;
    await scheduler.stop();
    scheduler.handleCommand({ kind: 'RUN_NOW', source: 'zendesk' });
    scheduler.handleCommand({ kind: 'SETTINGS_CHANGED', source: 'zendesk' });
    await scheduler.whenIdle();
    expect(world.runs()).toHaveLength(before);
  });
});
