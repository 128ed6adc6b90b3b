import { waitFor } from '../../test/wait-for';
import { SchedulerWorld } from './test-scheduler';

describe('PREVIEW and the updates the User Sync app listens to', () => {
  const world = new SchedulerWorld();
  afterEach(() => world.close());

  const updates = () =>
    world.stack.salesforce.org.events('User_Sync_Update__e').map((e) => {
      const { Source__c, Kind__c, Record_Id__c } = e.payload as Record<string, string>;
      return { Source__c, Kind__c, Record_Id__c };
    });

  it('previews a disabled source: a Preview run with counts and a sample, nothing written, no schedule', async () => {
    await world.open(30, { Enabled__c: false });
    world.stack.zendesk.state.addUser({ name: 'A Customer', email: 'c@example.com', role: 'end-user' });
    await world.start();
    world.scheduler!.handleCommand({ kind: 'PREVIEW', source: 'zendesk' });
    await waitFor(() => world.runs()[0]?.Status__c === 'Preview', 'the preview');

    const [run] = world.stack.salesforce.org.query(
      'SELECT Id, Trigger__c, Created_Count__c, Listed_Count__c, Message__c, Sample__c FROM User_Sync_Run__c',
    );
    expect(run).toMatchObject({ Trigger__c: 'Preview', Created_Count__c: 30, Listed_Count__c: 30 });
    expect(String(run.Message__c)).toMatch(/^Preview, nothing written: 30 created/);
    const sample = JSON.parse(String(run.Sample__c));
    expect(sample.changes).toHaveLength(30);
    expect(sample.changes[0]).toEqual({
      change: 'created',
      sourceKey: expect.stringMatching(/^zendesk:\d+$/),
      reason: 'new at the source',
      name: 'Agent 0',
      email: 'agent0@acme.test',
    });
    expect(world.rows()).toHaveLength(0);
    expect(world.timers.live()).toHaveLength(0);
    expect(world.settings().Last_Run__c ?? null).toBeNull();
    // The app saw the run appear and finish.
    await waitFor(() => updates().filter((u) => u.Record_Id__c === run.Id).length >= 2, 'RUN updates');
    expect(updates()).toContainEqual({ Source__c: 'zendesk', Kind__c: 'RUN', Record_Id__c: run.Id });
  });

  it('a preview shows the deactivations a run would hold', async () => {
    await world.open(20);
    await world.start();
    await waitFor(() => world.runs()[0]?.Status__c === 'Succeeded', 'the first import');
    const agents = world.stack.zendesk.state.users().filter((u) => u.role === 'agent');
    for (const u of agents.slice(0, 10)) world.stack.zendesk.state.deleteUser(u.id);
    world.scheduler!.handleCommand({ kind: 'PREVIEW', source: 'zendesk' });
    await waitFor(() => world.runs()[1]?.Status__c === 'Preview', 'the preview');
    const [preview] = world.stack.salesforce.org.query(
      "SELECT Held_Count__c, Sample__c FROM User_Sync_Run__c WHERE Status__c = 'Preview'",
    );
    expect(preview.Held_Count__c).toBe(10);
    expect(JSON.parse(String(preview.Sample__c)).held).toHaveLength(10);
    expect(world.rows('Deactivated')).toHaveLength(0);
  });

  it('a settings record the companion writes on is announced as a CONNECTION update', async () => {
    await world.open(5);
    await world.start();
    await waitFor(() => Boolean(world.settings().Next_Run__c), 'the schedule written');
    expect(updates()).toContainEqual({
      Source__c: 'zendesk',
      Kind__c: 'CONNECTION',
      Record_Id__c: world.settingsId,
    });
  });
});
