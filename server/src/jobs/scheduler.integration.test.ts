import { Connection } from 'jsforce';
import { startSandboxStack, type SandboxStack } from '../../sandbox/stack';
import { waitFor } from '../../test/wait-for';
import { SalesforceDirectory } from '../directory/salesforce-directory';
import { silentLogger } from '../lib/logger';
import { SqliteStore } from '../store/sqlite-store';
import { StoreRunLock } from './run-lock';
import { DirectoryScheduler, type Timers } from './scheduler';

const HOUR = 3_600_000;

/** Timers a test drives: it sees every delay and fires the callbacks itself. */
class ManualTimers implements Timers {
  nowMs = Date.parse('2026-11-22T12:00:00Z');
  readonly pending: Array<{ callback: () => void; delayMs: number; cancelled: boolean }> = [];
  now() {
    return this.nowMs;
  }
  schedule(callback: () => void, delayMs: number) {
    const entry = { callback, delayMs, cancelled: false };
    this.pending.push(entry);
    return { cancel: () => void (entry.cancelled = true) };
  }
  live() {
    return this.pending.filter((p) => !p.cancelled);
  }
  fireAll() {
    const due = this.live();
    for (const p of due) p.cancelled = true;
    for (const p of due) p.callback();
  }
}

describe('DirectoryScheduler (Salesforce + Zendesk sandboxes)', () => {
  let stack: SandboxStack;
  let store: SqliteStore;
  let timers: ManualTimers;
  let scheduler: DirectoryScheduler;
  let settingsId: string;

  beforeEach(async () => {
    stack = await startSandboxStack();
    store = SqliteStore.open(':memory:');
    timers = new ManualTimers();
    for (let i = 0; i < 30; i++)
      stack.zendesk.state.addUser({ name: `Agent ${i}`, email: `agent${i}@acme.test`, role: 'agent' });
    [settingsId] = stack.salesforce.org.insert('User_Sync_Source__c', [
      {
        Name: 'Zendesk',
        Source__c: 'zendesk',
        Enabled__c: true,
        Zendesk_Subdomain__c: 'acme',
        Zendesk_Roles__c: 'agent;admin',
      },
    ]);
  });

  afterEach(async () => {
    await scheduler?.stop();
    await store.close();
    await stack.close();
  });

  function startScheduler(): Promise<void> {
    const conn = new Connection({
      instanceUrl: stack.salesforce.url,
      accessToken: stack.salesforce.org.issueAccessToken(),
      version: stack.salesforce.apiVersion,
    });
    scheduler = new DirectoryScheduler({
      directory: new SalesforceDirectory(conn),
      sources: stack.companionConfig(':memory:').sources,
      lock: new StoreRunLock(store),
      logger: silentLogger(),
      timers,
    });
    return scheduler.start();
  }
  const runs = () =>
    stack.salesforce.org.query(
      'SELECT Trigger__c, Status__c, Message__c FROM User_Sync_Run__c ORDER BY Name',
    );
  const settings = () => stack.salesforce.org.get('User_Sync_Source__c', settingsId)!;

  it('runs a newly enabled source at once, then schedules it every 6 hours', async () => {
    await startScheduler();
    await waitFor(() => runs().some((r) => r.Status__c === 'Succeeded'), 'the first import');
    expect(runs()[0]).toMatchObject({ Trigger__c: 'Enable', Status__c: 'Succeeded' });
    expect(stack.salesforce.org.query('SELECT Id FROM External_User__c')).toHaveLength(30);
    await waitFor(() => Boolean(settings().Next_Run__c), 'the next run written back');
    expect(timers.live().map((t) => t.delayMs)).toEqual([6 * HOUR]);
    expect(Date.parse(String(settings().Next_Run__c)) - Date.parse(String(settings().Last_Run__c))).toBe(
      6 * HOUR,
    );

    timers.nowMs += 6 * HOUR;
    timers.fireAll();
    await waitFor(() => runs().length === 2 && runs()[1].Status__c !== 'Running', 'the scheduled run');
    expect(runs()[1]).toMatchObject({ Trigger__c: 'Schedule', Status__c: 'Succeeded' });
  });

  it('resumes the schedule from Last Run after a restart instead of running again', async () => {
    stack.salesforce.org.update('User_Sync_Source__c', [
      { Id: settingsId, Last_Run__c: new Date(timers.nowMs - 2 * HOUR).toISOString() },
    ]);
    await startScheduler();
    expect(runs()).toHaveLength(0);
    expect(timers.live().map((t) => t.delayMs)).toEqual([4 * HOUR]);
  });

  it('never runs a source another holder is running; runs on RUN_NOW; stops scheduling when disabled', async () => {
    stack.salesforce.org.update('User_Sync_Source__c', [
      { Id: settingsId, Last_Run__c: new Date(timers.nowMs).toISOString() },
    ]);
    await startScheduler();
    // Another holder (the command line in another process, say) is running zendesk.
    const other = new StoreRunLock(store);
    expect(await other.acquire('zendesk')).toBe(true);
    expect((await scheduler.runNow('zendesk', 'Manual'))?.status).toBe('Skipped');
    expect(runs()).toHaveLength(0);
    await other.release('zendesk');

    scheduler.handleCommand({ kind: 'RUN_NOW', source: 'zendesk' });
    await waitFor(() => runs().length === 1 && runs()[0].Status__c === 'Succeeded', 'the manual run');
    expect(runs()[0].Trigger__c).toBe('Manual');

    stack.salesforce.org.update('User_Sync_Source__c', [{ Id: settingsId, Enabled__c: false }]);
    scheduler.handleCommand({ kind: 'SETTINGS_CHANGED', source: 'zendesk' });
    await waitFor(() => timers.live().length === 0, 'the schedule cancelled');
  });

  it('marks a run left Running by a crashed companion Failed at start', async () => {
    const [stale] = stack.salesforce.org.insert('User_Sync_Run__c', [
      { Source__c: 'zendesk', Trigger__c: 'Schedule', Status__c: 'Running' },
    ]);
    // What a killed companion leaves: the row of its lock, without the process lock it held.
    await store.putRunLock('zendesk', 'crashed', new Date());
    await store.attachRunToLock('zendesk', 'crashed', stale);
    stack.salesforce.org.update('User_Sync_Source__c', [{ Id: settingsId, Enabled__c: false }]);
    await startScheduler();
    expect(stack.salesforce.org.get('User_Sync_Run__c', stale)).toMatchObject({
      Status__c: 'Failed',
      Message__c: expect.stringContaining('Interrupted'),
    });
  });

  it('says on the settings record when the source is not connected', async () => {
    const conn = new Connection({
      instanceUrl: stack.salesforce.url,
      accessToken: stack.salesforce.org.issueAccessToken(),
      version: stack.salesforce.apiVersion,
    });
    scheduler = new DirectoryScheduler({
      directory: new SalesforceDirectory(conn),
      sources: { zendesk: {}, intercom: {} },
      lock: new StoreRunLock(store),
      logger: silentLogger(),
      timers,
    });
    await scheduler.start();
    await waitFor(() => Boolean(settings().Connection_Status__c), 'the connection status');
    expect(settings().Connection_Status__c).toContain('Zendesk is not connected');
  });
});
