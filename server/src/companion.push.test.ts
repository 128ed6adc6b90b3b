import { createHash } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSandboxStack, type SandboxStack } from '../sandbox/stack';
import { scrape } from '../test/metrics-scrape';
import { waitFor } from '../test/wait-for';
import { startCompanion, type Companion } from './companion';
import { silentLogger } from './lib/logger';

describe('the companion runs pushes on commands from the User Sync app', () => {
  let stack: SandboxStack;
  let companion: Companion;

  beforeEach(async () => {
    stack = await startSandboxStack({
      salesforce: { cometdTimeoutMs: 400 },
      zendesk: { bulkImports: true, latencyMs: 30, jobs: { queuedMs: 5, workMs: 5 } },
    });
    const org = stack.salesforce.org;
    org.insert('User_Sync_Source__c', [
      { Name: 'Zendesk', Source__c: 'zendesk', Zendesk_Subdomain__c: 'acme' },
    ]);
    for (let i = 0; i < 5; i++)
      org.addUser({
        FirstName: `Agent${i}`,
        LastName: 'Push',
        Email: `agent${i}@example.com`,
        Department: 'Support',
      });
    companion = await startCompanion(
      stack.companionConfig(join(mkdtempSync(join(tmpdir(), 'push-')), 'c.db')),
      silentLogger(),
    );
  });
  afterEach(async () => {
    await companion.stop();
    await stack.close();
  });

  const org = () => stack.salesforce.org;
  const runs = () =>
    org().query(
      'SELECT Trigger__c, Status__c, In_Segment_Count__c, Inserted_Count__c, Message__c, Sample__c FROM User_Sync_Push_Run__c ORDER BY Name',
    );
  const command = (Command__c: string, Push_Id__c: string) =>
    org().publishEvent('User_Sync_Command__e', { Command__c, Source__c: 'zendesk', Push_Id__c });
  const push = (id: string) =>
    org().query(
      `SELECT Status_Message__c, Segment_Count__c, Segment_Checked__c, Last_Run__c, Next_Run__c FROM User_Sync_Push__c WHERE Id = '${id}'`,
    )[0];
  const newPush = (fields: Record<string, unknown>) =>
    org().insert('User_Sync_Push__c', [
      {
        Name: 'Support team',
        Segment__c: "Department = 'Support'",
        Match_Key__c: 'Email',
        Insert_Mode__c: true,
        ...fields,
      },
    ])[0];

  it('previews (count, sample, nothing sent), activates on enable, then runs now', async () => {
    const id = newPush({ Enabled__c: false });
    command('PUSH_PREVIEW', id);
    await waitFor(() => runs()[0]?.Status__c === 'Preview', 'the preview');
    expect(runs()[0]).toMatchObject({ Trigger__c: 'Preview', In_Segment_Count__c: 5 });
    expect(JSON.parse(String(runs()[0].Sample__c))).toHaveLength(5);
    expect(push(id)).toMatchObject({
      Segment_Count__c: 5,
      Segment_Checked__c: createHash('sha256').update("Department = 'Support'").digest('hex'),
    });
    expect(stack.zendesk.state.users()).toHaveLength(0);

    org().update('User_Sync_Push__c', [{ Id: id, Enabled__c: true }]);
    command('PUSH_CHANGED', id);
    await waitFor(() => runs()[1]?.Status__c === 'Succeeded', 'the first activation');
    expect(runs()[1]).toMatchObject({ Trigger__c: 'Enable', Inserted_Count__c: 5 });
    expect(stack.zendesk.state.users()).toHaveLength(5);
    await waitFor(() => push(id).Next_Run__c !== null, 'the next run planned');

    command('PUSH_RUN_NOW', id);
    await waitFor(() => runs()[2]?.Status__c === 'Succeeded', 'the manual activation');
    expect(runs()[2].Trigger__c).toBe('Manual');
    // Every change to the push and its runs is announced to the Push tab.
    const announced = org()
      .events('User_Sync_Update__e')
      .map((e) => e.payload as Record<string, unknown>)
      .filter((p) => p.Kind__c === 'PUSH');
    expect(announced.map((p) => p.Record_Id__c)).toContain(id);
    expect(announced.length).toBeGreaterThanOrEqual(6);

    // /metrics: the three runs by status, and every request Zendesk received.
    const pushRuns = (status: string) =>
      scrape(companion.server).then((s) =>
        s.value('usersync_push_runs_total', { destination: 'zendesk', status }),
      );
    await waitFor(async () => (await pushRuns('Succeeded')) === 2, 'both activations counted');
    expect(await pushRuns('Preview')).toBe(1);
    const s = await scrape(companion.server);
    expect(
      s.value('usersync_push_run_duration_seconds_count', { destination: 'zendesk', status: 'Succeeded' }),
    ).toBe(2);
    expect(s.value('usersync_provider_requests_total', { provider: 'zendesk' })).toBe(
      stack.zendesk.state.counters.requests,
    );
    expect(s.value('usersync_run_lock_held', { source: 'push' })).toBe(0);
  });

  it('activates a push enabled while its preview is still running', async () => {
    const id = newPush({ Enabled__c: false });
    command('PUSH_PREVIEW', id);
    org().update('User_Sync_Push__c', [{ Id: id, Enabled__c: true }]);
    command('PUSH_CHANGED', id);
    await waitFor(
      () => runs().some((r) => r.Trigger__c === 'Enable' && r.Status__c === 'Succeeded'),
      'the activation',
    );
    expect(
      runs()
        .map((r) => `${r.Trigger__c}:${r.Status__c}`)
        .sort(),
    ).toEqual(['Enable:Succeeded', 'Preview:Preview']);
    expect(stack.zendesk.state.users()).toHaveLength(5);
  });

  it('never runs two activations of one push at once: the second is recorded as Skipped', async () => {
    for (let i = 5; i < 300; i++)
      org().addUser({
        FirstName: `Agent${i}`,
        LastName: 'Push',
        Email: `agent${i}@example.com`,
        Department: 'Support',
      });
    const id = newPush({ Enabled__c: false });
    command('PUSH_RUN_NOW', id);
    command('PUSH_RUN_NOW', id);
    await waitFor(
      () => runs().length === 2 && runs().every((r) => r.Status__c !== 'Running'),
      'both runs',
      20_000,
    );
    expect(
      runs()
        .map((r) => r.Status__c)
        .sort(),
    ).toEqual(['Skipped', 'Succeeded']);
    expect(stack.zendesk.state.users()).toHaveLength(300);
  });

  it('says on the push record why a bad segment cannot run, and runs nothing', async () => {
    const id = newPush({ Enabled__c: true, Segment__c: "Departmnt = 'Support'" });
    command('PUSH_CHANGED', id);
    await waitFor(() => push(id).Status_Message__c !== null, 'the message');
    expect(push(id).Status_Message__c).toBe(
      'Segment: User has no field named Departmnt (character 1). [PUSH_SEGMENT_INVALID]',
    );
    expect(runs()).toHaveLength(0);
  });
});
