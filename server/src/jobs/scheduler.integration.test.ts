import { waitFor } from '../../test/wait-for';
import { StoreRunLock } from './run-lock';
import { HOUR, SchedulerWorld } from './test-scheduler';

describe('DirectoryScheduler (Salesforce + Zendesk sandboxes)', () => {
  const world = new SchedulerWorld();
  beforeEach(() => world.open(30));
  afterEach(() => world.close());

  const startScheduler = async () => void (await world.start());
  const runs = () => world.runs();
  const settings = () => world.settings();
  const timers = () => world.timers;

  it('runs a newly enabled source at once, then schedules it every 6 hours', async () => {
    await startScheduler();
    await waitFor(() => runs().some((r) => r.Status__c === 'Succeeded'), 'the first import');
    expect(runs()[0]).toMatchObject({ Trigger__c: 'Enable', Status__c: 'Succeeded' });
    expect(world.stack.salesforce.org.query('SELECT Id FROM External_User__c')).toHaveLength(30);
    await waitFor(() => Boolean(settings().Next_Run__c), 'the next run written back');
    expect(
      timers()
        .live()
        .map((t) => t.delayMs),
    ).toEqual([6 * HOUR]);
    expect(Date.parse(String(settings().Next_Run__c)) - Date.parse(String(settings().Last_Run__c))).toBe(
      6 * HOUR,
    );

    timers().nowMs += 6 * HOUR;
    timers().fireAll();
    await waitFor(() => runs().length === 2 && runs()[1].Status__c !== 'Running', 'the scheduled run');
    expect(runs()[1]).toMatchObject({ Trigger__c: 'Schedule', Status__c: 'Succeeded' });
  });

  it('resumes the schedule from Last Run after a restart instead of running again', async () => {
    world.stack.salesforce.org.update('User_Sync_Source__c', [
      { Id: world.settingsId, Last_Run__c: new Date(timers().nowMs - 2 * HOUR).toISOString() },
    ]);
    await startScheduler();
    expect(runs()).toHaveLength(0);
    expect(
      timers()
        .live()
        .map((t) => t.delayMs),
    ).toEqual([4 * HOUR]);
  });

  it('never runs a source another holder is running; runs on RUN_NOW; stops scheduling when disabled', async () => {
    world.stack.salesforce.org.update('User_Sync_Source__c', [
      { Id: world.settingsId, Last_Run__c: new Date(timers().nowMs).toISOString() },
    ]);
    await startScheduler();
    // Another holder (the command line in another process, say) is running zendesk.
    const other = new StoreRunLock(world.store);
    expect(await other.acquire('zendesk')).toBe(true);
    expect((await world.scheduler!.runNow('zendesk', 'Manual'))?.status).toBe('Skipped');
    expect(runs()).toMatchObject([{ Status__c: 'Skipped', Trigger__c: 'Manual' }]);
    await other.release('zendesk');

    world.scheduler!.handleCommand({ kind: 'RUN_NOW', source: 'zendesk' });
    await waitFor(() => runs().length === 2 && runs()[1].Status__c === 'Succeeded', 'the manual run');
    expect(runs()[1].Trigger__c).toBe('Manual');

    world.stack.salesforce.org.update('User_Sync_Source__c', [{ Id: world.settingsId, Enabled__c: false }]);
    world.scheduler!.handleCommand({ kind: 'SETTINGS_CHANGED', source: 'zendesk' });
    await waitFor(() => timers().live().length === 0, 'the schedule cancelled');
  });

  it('marks a run left Running by a crashed companion Failed at start', async () => {
    const [stale] = world.stack.salesforce.org.insert('User_Sync_Run__c', [
      { Source__c: 'zendesk', Trigger__c: 'Schedule', Status__c: 'Running' },
    ]);
    // What a killed companion leaves: the row of its lock, without the process lock it held.
    await world.store.putRunLock('zendesk', 'crashed', new Date());
    await world.store.attachRunToLock('zendesk', 'crashed', stale);
    world.stack.salesforce.org.update('User_Sync_Source__c', [{ Id: world.settingsId, Enabled__c: false }]);
    await startScheduler();
    expect(world.stack.salesforce.org.get('User_Sync_Run__c', stale)).toMatchObject({
      Status__c: 'Failed',
      Message__c: expect.stringContaining('Interrupted'),
    });
  });

  it('says on the settings record when the source is not connected', async () => {
    await world.start({ sources: 'none' });
    await waitFor(() => Boolean(settings().Connection_Status__c), 'the connection status');
    expect(settings().Connection_Status__c).toContain('Zendesk is not connected');
  });
});
