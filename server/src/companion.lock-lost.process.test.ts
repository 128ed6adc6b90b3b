import { Client } from 'pg';
import { startSandboxStack, type SandboxStack } from '../sandbox/stack';
import { CompanionPair } from '../test/companion-pair';
import { startTestPostgres, type TestPostgres } from '../test/postgres';
import { waitFor } from '../test/wait-for';
import { SYNC_REQUEST_CHANNEL } from './companion';

/**
 * A leader whose lock connection dies (the database restarted, the network cut) can no longer know
 * it is the only consumer: it stops and exits 1, and the standby takes the channel over.
 */
describe('a companion that loses its channel lock', () => {
  let pg: TestPostgres;
  let stack: SandboxStack;
  let pair: CompanionPair;

  beforeAll(async () => {
    pg = await startTestPostgres();
  }, 60_000);
  afterAll(() => pg.stop());
  afterEach(async () => {
    await pair.close();
    await stack.close();
  });

  it('exits 1 with CHANNEL_LOCK_LOST, and the standby consumes the channel', async () => {
    stack = await startSandboxStack({ salesforce: { cometdTimeoutMs: 1000 } });
    const url = await pg.database();
    pair = new CompanionPair(stack, url);
    const leader = pair.start();
    await CompanionPair.leading(leader, SYNC_REQUEST_CHANNEL);
    const standby = pair.start();
    await CompanionPair.standingBy(standby, SYNC_REQUEST_CHANNEL);

    // Ends the leader's lock session from the server side, as a database restart would.
    const admin = new Client({ connectionString: url });
    await admin.connect();
    const { rows } = await admin.query<{ ended: boolean }>(
      "SELECT pg_terminate_backend(pid) AS ended FROM pg_stat_activity WHERE application_name = 'user-sync lock stream-IAdvize_Sync_Request__e'",
    );
    await admin.end();
    expect(rows).toEqual([{ ended: true }]);

    expect(await leader.exited).toEqual({ code: 1, signal: null });
    expect(leader.logs.find((l) => l.msg === 'stopping: a channel lock was lost')).toMatchObject({
      code: 'CHANNEL_LOCK_LOST',
    });
    await CompanionPair.leading(standby, SYNC_REQUEST_CHANNEL, 15_000);
    const id = stack.salesforce.org.addUser({
      FirstName: 'After',
      LastName: 'Loss',
      Email: 'after@example.com',
    });
    stack.salesforce.org.update('User', [{ Id: id, IAdvize_Sync__c: true }]);
    await waitFor(
      () => stack.salesforce.org.get('User', id)!.IAdvize_Sync_Status__c === 'Created',
      'the write-back',
    );
  }, 120_000);
});
