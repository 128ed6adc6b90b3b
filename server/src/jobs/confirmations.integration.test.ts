import { waitFor } from '../../test/wait-for';
import { SchedulerWorld } from './test-scheduler';

describe('confirming held deactivations (commands through the scheduler)', () => {
  const world = new SchedulerWorld();
  afterEach(() => world.close());

  const zendesk = () => world.stack.zendesk.state;
  const finished = (n: number) => () =>
    world.runs().length === n && world.runs().every((r) => r.Status__c !== 'Running');
  /** The runs finished and everything the scheduler does after them done (settings written). */
  const settled = async (n: number, what: string) => {
    await waitFor(finished(n), what, 20_000);
    await world.scheduler!.whenIdle();
  };
  const confirm = (runId: string | null) =>
    world.scheduler!.handleCommand({ kind: 'CONFIRM_DEACTIVATIONS', source: 'zendesk', runId });
  const runNow = () => world.scheduler!.handleCommand({ kind: 'RUN_NOW', source: 'zendesk' });

  it('applies only what the held run showed, still absent; later removals are held in their turn', async () => {
    await world.open(2000);
    await world.start();
    await settled(1, 'the first import');
    const agents = zendesk()
      .users()
      .filter((u) => u.role === 'agent');
    for (const u of agents.slice(0, 500)) zendesk().deleteUser(u.id);
    runNow();
    await settled(2, 'the held run');
    const held = world.runs()[1];
    expect(held).toMatchObject({ Status__c: 'Held', Held_Count__c: 500, Deactivated_Count__c: 0 });

    // 500 more leave before the admin confirms (one of the first coming back is a reconciler test).
    for (const u of agents.slice(500, 1000)) zendesk().deleteUser(u.id);
    confirm(String(held.Id));
    await settled(3, 'the confirming run');
    const confirming = world.runs()[2];
    expect(confirming).toMatchObject({
      Confirms_Run__c: held.Id,
      Status__c: 'Held',
      Deactivated_Count__c: 500,
      Held_Count__c: 500,
    });
    expect(world.rows('Deactivated')).toHaveLength(500);
    const deactivated = new Set(world.rows('Deactivated').map((r) => r.Source_Key__c));
    for (const u of agents.slice(0, 500)) expect(deactivated.has(`zendesk:${u.id}`)).toBe(true);
    expect(world.runs()[1]).toMatchObject({ Status__c: 'Confirmed' });
  }, 60_000);

  it('refuses an unknown, a not-held, an already confirmed and a superseded run, saying so on the settings', async () => {
    await world.open(100);
    await world.start();
    await settled(1, 'the first import');
    const first = String(world.runs()[0].Id);

    confirm('a0C000000000000AAA');
    await waitFor(() => Boolean(world.settings().Sync_Message__c), 'the refusal');
    expect(world.settings().Sync_Message__c).toBe(
      'Nothing was deactivated: run a0C000000000000AAA is not a held Zendesk run.',
    );
    confirm(first);
    await waitFor(() => String(world.settings().Sync_Message__c).includes(first), 'the refusal');
    expect(world.runs()).toHaveLength(1);

    const agents = zendesk()
      .users()
      .filter((u) => u.role === 'agent');
    for (const u of agents.slice(0, 30)) zendesk().deleteUser(u.id);
    runNow();
    await settled(2, 'a held run');
    runNow();
    await settled(3, 'a second held run');
    const [, superseded, latest] = world.runs();
    expect(superseded).toMatchObject({ Status__c: 'Superseded' });
    confirm(String(superseded.Id));
    await waitFor(() => String(world.settings().Sync_Message__c).includes('replaced'), 'the refusal');
    expect(world.settings().Sync_Message__c).toBe(
      `Nothing was deactivated: run ${superseded.Id} was replaced by a later run (${latest.Id}). Review that one.`,
    );
    expect(world.rows('Deactivated')).toHaveLength(0);

    confirm(String(latest.Id));
    await settled(4, 'the confirming run');
    expect(world.rows('Deactivated')).toHaveLength(30);
    await waitFor(() => !world.settings().Sync_Message__c, 'the old refusal cleared by the run');
    confirm(String(latest.Id));
    await waitFor(
      () => String(world.settings().Sync_Message__c).includes('already confirmed'),
      'the refusal',
    );
    expect(world.runs()).toHaveLength(4);
  }, 30_000);
});
