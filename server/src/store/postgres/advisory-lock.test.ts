import { Client } from 'pg';
import { startTestPostgres, type TestPostgres } from '../../../test/postgres';
import { tryAdvisoryLock } from './advisory-lock';

jest.setTimeout(60_000);

/** The server process serving a lock's session, found by its application name. */
async function backendOf(url: string, name: string): Promise<number> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ pid: number }>(
      'SELECT pid FROM pg_stat_activity WHERE application_name = $1',
      [`user-sync lock ${name}`],
    );
    return rows[0].pid;
  } finally {
    await client.end();
  }
}

// Pausing the server process needs a local cluster: TEST_DATABASE_URL may name a remote one.
const local = process.env.TEST_DATABASE_URL ? describe.skip : describe;

local('a PostgreSQL advisory lock held on a connection of its own', () => {
  let pg: TestPostgres;
  beforeAll(async () => (pg = await startTestPostgres()));
  afterAll(() => pg?.stop());

  it('is reported lost within a heartbeat when the server stops answering, though no socket closed', async () => {
    const url = await pg.database();
    const lock = await tryAdvisoryLock(url, 'stream-test');
    expect(lock).toBeDefined();
    const pid = await backendOf(url, 'stream-test');
    // The server's side of the session stops answering: as for a machine cut off without a reset.
    process.kill(pid, 'SIGSTOP');
    const started = Date.now();
    try {
      const outcome = await Promise.race([
        lock!.lost!.then(() => 'lost'),
        new Promise((resolve) => setTimeout(() => resolve('still held'), 20_000)),
      ]);
      expect(outcome).toBe('lost');
      // A heartbeat every 5 s that may take 5 s: noticed within about 10 s.
      expect(Date.now() - started).toBeLessThan(12_000);
    } finally {
      process.kill(pid, 'SIGCONT');
    }
    await lock!.release();
  });

  it('keeps a held lock through quiet periods, and frees it on release', async () => {
    const url = await pg.database();
    const lock = await tryAdvisoryLock(url, 'run-zendesk');
    let lost = false;
    void lock!.lost!.then(() => (lost = true));
    await new Promise((resolve) => setTimeout(resolve, 11_000));
    expect(lost).toBe(false);
    expect(await tryAdvisoryLock(url, 'run-zendesk')).toBeUndefined();
    await lock!.release();
    const next = await tryAdvisoryLock(url, 'run-zendesk');
    expect(next).toBeDefined();
    await next!.release();
  });
});
