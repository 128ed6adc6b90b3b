import { waitFor } from '../../test/wait-for';
import { silentLogger } from '../lib/logger';
import { startPushStack, type PushStack } from '../push/test-stack';
import { PushScheduler } from './push-scheduler';
import { ManualTimers } from './test-scheduler';

// The clock starts on Sunday 2026-11-22 at 12:00 UTC; Paris is then UTC+1.
describe('a push scheduled by a cron expression in a time zone', () => {
  let push: PushStack;
  let timers: ManualTimers;
  let scheduler: PushScheduler | undefined;
  beforeEach(async () => {
    push = await startPushStack();
    timers = new ManualTimers();
    push.addUser({ FirstName: 'Ada', LastName: 'Lovelace', Email: 'ada@acme.test' });
  });
  afterEach(async () => {
    await scheduler?.stop();
    await push.close();
  });

  const start = async () => {
    scheduler = new PushScheduler({
      salesforce: push.pushes,
      store: push.store,
      zendesk: push.zendesk,
      logger: silentLogger(),
      timers,
    });
    await scheduler.start();
  };
  const record = (id: string) => push.stack.salesforce.org.get('User_Sync_Push__c', id)!;

  it('runs an activation missed while the companion was down once at start, then hands the schedule to node-cron', async () => {
    const id = push.addPush({
      Schedule_Cron__c: '0 2 * * *',
      Schedule_Time_Zone__c: 'Europe/Paris',
      Last_Run__c: '2026-11-19T01:30:00.000Z',
    });
    await start();
    expect(timers.live().map((t) => t.delayMs)).toEqual([0]);
    expect(timers.liveCrons()).toHaveLength(0);

    timers.fireAll();
    await waitFor(() => push.runs(id)[0]?.Status__c === 'Succeeded', 'the catch-up activation');
    await waitFor(() => timers.liveCrons().length === 1, 'the cron schedule');
    expect(push.runs(id)).toHaveLength(1);
    expect(push.runs(id)[0]).toMatchObject({ Trigger__c: 'Schedule' });
    expect(timers.live()).toHaveLength(0);
    expect(timers.liveCrons()[0]).toMatchObject({ expression: '0 2 * * *', timeZone: 'Europe/Paris' });
    // Written at start as "now" (the missed activation), then as tomorrow's 02:00 in Paris.
    await waitFor(
      () => Date.parse(String(record(id).Next_Run__c)) === Date.parse('2026-11-23T01:00:00Z'),
      'the next run written',
    );
    expect(record(id).Next_Runs__c).toBe(
      '2026-11-23 02:00, 2026-11-24 02:00, 2026-11-25 02:00 (Europe/Paris)',
    );
  });

  it('says on the push that its time zone is unknown, and plans nothing', async () => {
    const id = push.addPush({
      Schedule_Cron__c: '0 2 * * *',
      Schedule_Time_Zone__c: 'Paris',
      Last_Run__c: '2026-11-22T11:00:00.000Z',
      Next_Run__c: '2026-11-22T13:00:00.000Z',
      Next_Runs__c: 'an older plan',
    });
    await start();
    expect(record(id).Status_Message__c).toBe(
      'Schedule: "Paris" is not a time zone: use an IANA name such as Europe/Paris or America/New_York, or leave it blank for UTC. [PUSH_SETTINGS_INVALID]',
    );
    expect(record(id).Next_Run__c ?? null).toBeNull();
    expect(record(id).Next_Runs__c ?? null).toBeNull();
    expect(timers.live()).toHaveLength(0);
    expect(timers.liveCrons()).toHaveLength(0);
    expect(push.runs(id)).toHaveLength(0);
  });

  it('does not start a second activation, nor record Skipped runs, for matches during its own activation', async () => {
    const id = push.addPush({
      Schedule_Cron__c: '*/10 * * * *',
      Last_Run__c: '2026-11-22T12:00:00.000Z',
    });
    // The next activation is held while Zendesk is reached, so that matches come during it.
    const reach = push.zendesk;
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let reached = 0;
    push.zendesk = async () => {
      reached++;
      await held;
      return reach();
    };
    await start();
    await waitFor(() => timers.liveCrons().length === 1, 'the cron schedule');
    timers.fireCron(Date.parse('2026-11-22T12:10:00Z'));
    await waitFor(() => reached === 1, 'the activation under way');
    timers.fireCron(Date.parse('2026-11-22T12:20:00Z'));
    timers.fireCron(Date.parse('2026-11-22T12:30:00Z'));
    await new Promise((resolve) => setTimeout(resolve, 300));
    release();
    await waitFor(() => push.runs(id)[0]?.Status__c === 'Succeeded', 'the activation');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(push.runs(id).map((r) => r.Status__c)).toEqual(['Succeeded']);
    await waitFor(() => timers.liveCrons().length === 1, 'the schedule kept');
    expect(timers.live()).toHaveLength(0);
  });
});
