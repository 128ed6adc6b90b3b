import { waitFor } from '../../test/wait-for';
import { HOUR, ManualTimers, SchedulerWorld } from './test-scheduler';

// The world's clock starts on Sunday 2026-11-22 at 12:00 UTC; Paris is then UTC+1.
const at = (iso: string) => Date.parse(iso);
const PARIS_2AM = { Schedule_Cron__c: '0 2 * * *', Schedule_Time_Zone__c: 'Europe/Paris' };

describe('a source scheduled by a cron expression in a time zone', () => {
  const world = new SchedulerWorld();
  // Each test starts on the same Sunday noon.
  beforeEach(() => void (world.timers = new ManualTimers()));
  afterEach(() => world.close());

  const nextRun = () => Date.parse(String(world.settings().Next_Run__c));

  it('hands the expression and zone to node-cron, and writes the next run and the next three', async () => {
    await world.open(5, { ...PARIS_2AM, Last_Run__c: new Date(world.timers.nowMs - HOUR).toISOString() });
    await world.start();
    expect(world.runs()).toHaveLength(0);
    expect(world.timers.live()).toHaveLength(0);
    expect(world.timers.liveCrons()).toMatchObject([{ expression: '0 2 * * *', timeZone: 'Europe/Paris' }]);
    await waitFor(() => Boolean(world.settings().Next_Runs__c), 'the next runs written');
    expect(nextRun()).toBe(at('2026-11-23T01:00:00Z'));
    expect(world.settings().Next_Runs__c).toBe(
      '2026-11-23 02:00, 2026-11-24 02:00, 2026-11-25 02:00 (Europe/Paris)',
    );

    world.timers.fireCron(at('2026-11-23T01:00:00Z'));
    await waitFor(() => world.runs()[0]?.Status__c === 'Succeeded', 'the run at 02:00 in Paris');
    await world.scheduler!.whenIdle();
    expect(world.runs()).toMatchObject([{ Trigger__c: 'Schedule', Status__c: 'Succeeded' }]);
    expect(world.timers.liveCrons()).toHaveLength(1);
    expect(nextRun()).toBe(at('2026-11-24T01:00:00Z'));
  });

  it('runs a slot missed while the companion was down once at start, not once per missed slot', async () => {
    // Ran on Thursday at 01:30 UTC; the runs of Friday, Saturday and Sunday at 02:00 Paris were missed.
    await world.open(5, { ...PARIS_2AM, Last_Run__c: '2026-11-19T01:30:00.000Z' });
    await world.start();
    expect(world.timers.live().map((t) => t.delayMs)).toEqual([0]);
    expect(world.timers.liveCrons()).toHaveLength(0);

    world.timers.fireAll();
    await waitFor(() => world.runs()[0]?.Status__c === 'Succeeded', 'the catch-up run');
    await world.scheduler!.whenIdle();
    expect(world.runs()).toMatchObject([{ Trigger__c: 'Schedule', Status__c: 'Succeeded' }]);
    // Nothing else is due now: the next run is tomorrow's 02:00, fired by node-cron.
    expect(world.timers.live()).toHaveLength(0);
    expect(world.timers.liveCrons()).toHaveLength(1);
    expect(nextRun()).toBe(at('2026-11-23T01:00:00Z'));
  });

  it('runs matches that come while a run is under way one after the other, never two at once', async () => {
    await world.open(300, {
      Schedule_Cron__c: '*/5 * * * *',
      Last_Run__c: new Date(world.timers.nowMs).toISOString(),
    });
    await world.start();
    world.timers.fireCron(at('2026-11-22T12:05:00Z'));
    await waitFor(() => world.runs()[0]?.Status__c === 'Running', 'the first run under way');
    // Two more matches while it runs: the first waits for it, the second is the same request and is
    // queued once. None finds the source busy, so none is Skipped.
    world.timers.fireCron(at('2026-11-22T12:05:01Z'));
    world.timers.fireCron(at('2026-11-22T12:05:02Z'));
    await world.scheduler!.whenIdle();
    expect(world.runs().map((r) => [r.Trigger__c, r.Status__c])).toEqual([
      ['Schedule', 'Succeeded'],
      ['Schedule', 'Succeeded'],
    ]);
  });

  it('shows the next three runs of an every-N-hours schedule too, in UTC', async () => {
    await world.open(5, { Schedule_Hours__c: 6, Last_Run__c: '2026-11-22T10:00:00.000Z' });
    await world.start();
    await waitFor(() => Boolean(world.settings().Next_Runs__c), 'the next runs written');
    expect(world.timers.liveCrons()).toHaveLength(0);
    expect(world.settings().Next_Runs__c).toBe('2026-11-22 16:00, 2026-11-22 22:00, 2026-11-23 04:00 (UTC)');
  });

  it.each([
    [
      { Schedule_Cron__c: '0 25 * * *' },
      'Schedule: "0 25 * * *" is not a cron expression: "25" is not a valid hour',
    ],
    [
      { Schedule_Cron__c: '0 2 * * *', Schedule_Time_Zone__c: 'Europe/Pariss' },
      'Schedule: "Europe/Pariss" is not a time zone',
    ],
  ])('refuses %j on the record, plans nothing and clears the next runs', async (schedule, message) => {
    await world.open(5, {
      ...schedule,
      Last_Run__c: new Date(world.timers.nowMs - HOUR).toISOString(),
      Next_Run__c: new Date(world.timers.nowMs + HOUR).toISOString(),
      Next_Runs__c: 'an older plan',
    });
    await world.start();
    await waitFor(() => world.settings().Next_Runs__c == null, 'the next runs cleared');
    expect(world.settings().Sync_Message__c).toContain(message);
    expect(world.settings().Sync_Message__c).toMatch(/\[SCHEDULE_INVALID\]$/);
    expect(world.settings().Next_Run__c ?? null).toBeNull();
    expect(world.timers.live()).toHaveLength(0);
    expect(world.timers.liveCrons()).toHaveLength(0);
    expect(world.runs()).toHaveLength(0);
  });
});
