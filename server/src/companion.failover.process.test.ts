import { startSandboxStack, type SandboxStack } from '../sandbox/stack';
import { CompanionPair } from '../test/companion-pair';
import { startTestPostgres, type TestPostgres } from '../test/postgres';
import { waitFor } from '../test/wait-for';
import { COMMAND_CHANNEL, SYNC_REQUEST_CHANNEL } from './companion';
import { INTERRUPTED } from './directory/run-sync';

/**
 * Two companion processes on one PostgreSQL: one consumes each channel, the other stands by and
 * takes over when the first is SIGKILLed, resuming from the stored replay id. The takeover times are
 * printed (kill → the standby's subscription accepted).
 */
describe('two companions on one PostgreSQL', () => {
  let pg: TestPostgres;
  let stack: SandboxStack | undefined;
  let pair: CompanionPair | undefined;

  beforeAll(async () => {
    pg = await startTestPostgres();
  }, 60_000);
  afterAll(() => pg.stop());
  afterEach(async () => {
    await pair?.close();
    await stack?.close();
  });

  const takeover = (standby: ReturnType<CompanionPair['start']>, channel: string, killedAt: number) =>
    (CompanionPair.line(standby, 'subscribed', channel)!.time as number) - killedAt;

  it('a SIGKILL during a 2,000-tick burst: the standby takes over, every user Created once', async () => {
    stack = await startSandboxStack({ salesforce: { cometdTimeoutMs: 1000 }, iadvize: { latencyMs: 5 } });
    pair = new CompanionPair(stack, await pg.database());
    const org = stack.salesforce.org;
    const ids = Array.from({ length: 2000 }, (_, i) =>
      org.addUser({ FirstName: `Pair${i}`, LastName: 'Tick', Email: `pair${i}@example.com`, Alias: `p${i}` }),
    );
    const active = pair.start();
    await CompanionPair.leading(active, SYNC_REQUEST_CHANNEL);
    const standby = pair.start();
    await CompanionPair.standingBy(standby, SYNC_REQUEST_CHANNEL);
    const before = await CompanionPair.readyz(standby);
    expect(before.status).toBe(200);
    expect(before.body.channels).toEqual({ [SYNC_REQUEST_CHANNEL]: 'standby', [COMMAND_CHANNEL]: 'standby' });
    const metrics = await (await fetch(`http://127.0.0.1:${CompanionPair.port(standby)}/metrics`)).text();
    expect(metrics).toContain('usersync_channel_leader{channel="iadvize_sync_requests"} 0');

    for (let i = 0; i < ids.length; i += 200)
      org.update(
        'User',
        ids.slice(i, i + 200).map((Id) => ({ Id, IAdvize_Sync__c: true })),
      );
    const status = (id: string) => org.get('User', id)!.IAdvize_Sync_Status__c;
    const created = () => ids.filter((id) => status(id) === 'Created').length;
    await waitFor(() => created() >= 500, '500 users written back', 120_000);
    const writtenAtKill = created();
    const killedAt = await CompanionPair.kill(active);

    await CompanionPair.leading(standby, SYNC_REQUEST_CHANNEL, 15_000);
    await waitFor(() => created() === ids.length, 'every ticked user written back', 180_000);
    const ms = takeover(standby, SYNC_REQUEST_CHANNEL, killedAt);
    process.stdout.write(
      `tick burst: SIGKILL with ${writtenAtKill}/2000 written back; standby consuming ${ms} ms after the kill\n`,
    );
    expect(ms).toBeLessThan(5_000);

    const ticked = new Set(ids);
    const operators = stack.iadvize.state.operators().filter((op) => ticked.has(String(op.externalId)));
    expect(operators).toHaveLength(2000);
    expect(new Set(operators.map((op) => op.email.toLowerCase())).size).toBe(2000);
    const own = new Map(operators.map((op) => [String(op.externalId), String(op.id)]));
    expect(ids.filter((id) => org.get('User', id)!.IAdvize_Operator_Id__c !== own.get(id))).toEqual([]);
    const after = await CompanionPair.readyz(standby);
    expect(after.body.channels).toEqual({ [SYNC_REQUEST_CHANNEL]: 'active', [COMMAND_CHANNEL]: 'active' });
  }, 300_000);

  it('a SIGKILL during a 40,000-user import: the run is Failed, the next completes, nobody deactivated', async () => {
    stack = await startSandboxStack({ salesforce: { cometdTimeoutMs: 1000 }, zendesk: { latencyMs: 5 } });
    pair = new CompanionPair(stack, await pg.database());
    const org = stack.salesforce.org;
    const AGENTS = 40_000;
    for (let i = 0; i < AGENTS; i++)
      stack.zendesk.state.addUser({ name: `Agent ${i}`, email: `agent${i}@acme.test`, role: 'agent' });
    const active = pair.start();
    await CompanionPair.leading(active, COMMAND_CHANNEL);
    const standby = pair.start();
    await CompanionPair.standingBy(standby, COMMAND_CHANNEL);

    org.insert('User_Sync_Source__c', [
      {
        Name: 'Zendesk',
        Source__c: 'zendesk',
        Enabled__c: true,
        Zendesk_Subdomain__c: 'acme',
        Zendesk_Roles__c: 'agent',
      },
    ]);
    org.publishEvent('User_Sync_Command__e', { Command__c: 'SETTINGS_CHANGED', Source__c: 'zendesk' });
    const rows = () => org.all('External_User__c').length;
    const runs = () => org.query('SELECT Status__c, Message__c FROM User_Sync_Run__c');
    await waitFor(() => rows() >= 10_000, '10,000 rows written', 300_000);
    const rowsAtKill = rows();
    const killedAt = await CompanionPair.kill(active);

    await CompanionPair.leading(standby, COMMAND_CHANNEL, 15_000);
    await waitFor(() => runs().some((r) => r.Status__c === 'Succeeded'), 'a completed import', 600_000);
    process.stdout.write(
      `import: SIGKILL with ${rowsAtKill}/${AGENTS} rows; standby consuming commands ${takeover(standby, COMMAND_CHANNEL, killedAt)} ms after the kill\n`,
    );
    const final = runs();
    expect(final.filter((r) => r.Status__c === 'Failed')).toEqual([
      expect.objectContaining({ Message__c: INTERRUPTED }),
    ]);
    expect(final.filter((r) => r.Status__c === 'Running')).toEqual([]);
    expect(final.filter((r) => r.Status__c === 'Succeeded')).toHaveLength(1);
    const all = org.all('External_User__c');
    expect(all).toHaveLength(AGENTS);
    expect(all.filter((r) => r.Status__c === 'Deactivated')).toEqual([]);
  }, 900_000);
});
