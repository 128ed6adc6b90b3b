import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnCompanion, type CompanionProcess } from '../test/companion-process';
import { startSalesforceFixture, type SalesforceFixture } from '../test/salesforce-fixture';
import { waitFor } from '../test/wait-for';
import { SYNC_REQUEST_CHANNEL } from './companion';
import { SqliteStore } from './store/sqlite-store';

describe('the companion process (main.ts)', () => {
  let fx: SalesforceFixture;
  let dbPath: string;
  let running: CompanionProcess | undefined;

  beforeEach(async () => {
    fx = await startSalesforceFixture();
    dbPath = join(mkdtempSync(join(tmpdir(), 'companion-')), 'companion.db');
  });

  afterEach(async () => {
    if (running && running.child.exitCode === null) {
      running.child.kill('SIGKILL');
      await running.exited;
    }
    await fx.sandbox.close();
  });

  function start(port: number): CompanionProcess {
    running = spawnCompanion({
      PORT: String(port),
      DATABASE_PATH: dbPath,
      LOG_LEVEL: 'info',
      SF_LOGIN_URL: fx.jwtAuth.loginUrl,
      SF_CLIENT_ID: fx.jwtAuth.clientId,
      SF_USERNAME: fx.jwtAuth.username,
      SF_PRIVATE_KEY: fx.jwtAuth.privateKeyPem,
    });
    return running;
  }

  const received = (p: CompanionProcess) =>
    p.logs.filter((l) => l.msg === 'sync requests received').reduce((n, l) => n + Number(l.events), 0);

  it('refuses to start on a bad environment, listing every problem', async () => {
    running = spawnCompanion({ PORT: 'x', SF_AUTH_FLOW: 'jwt' });
    const { code } = await running.exited;
    expect(code).toBe(1);
    expect(running.stderr()).toContain('PORT:');
    expect(running.stderr()).toContain('SF_CLIENT_ID: is required');
  });

  it('becomes ready, receives a tick, and on SIGTERM stores its position and exits 0', async () => {
    const port = 40000 + Math.floor(Math.random() * 10000);
    const companion = start(port);
    await waitFor(() => companion.logs.some((l) => l.msg === 'subscribed'), 'the subscription', 20_000);
    const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
    expect(ready.status).toBe(200);

    const userId = fx.sandbox.org.addUser({ LastName: 'Ticked', Email: 'ticked@example.com' });
    fx.sandbox.org.update('User', [{ Id: userId, IAdvize_Sync__c: true }]);
    await waitFor(() => received(companion) === 1, 'the sync request');

    companion.child.kill('SIGTERM');
    expect(await companion.exited).toEqual({ code: 0, signal: null });
    const store = SqliteStore.open(dbPath);
    expect(await store.getReplayId(SYNC_REQUEST_CHANNEL)).toBe(
      fx.sandbox.org.events('IAdvize_Sync_Request__e').at(-1)!.replayId,
    );
    await store.close();
    // No secret or address reaches the log.
    const text = JSON.stringify(companion.logs);
    expect(text).not.toContain('ticked@example.com');
    expect(text).not.toContain('PRIVATE KEY');
  });

  it('after SIGKILL, picks up the ticks made while it was down, once each', async () => {
    const first = start(0);
    await waitFor(() => first.logs.some((l) => l.msg === 'subscribed'), 'the subscription', 20_000);
    first.child.kill('SIGKILL');
    await first.exited;

    for (const name of ['A', 'B', 'C']) {
      const id = fx.sandbox.org.addUser({ LastName: name, Email: `${name.toLowerCase()}@example.com` });
      fx.sandbox.org.update('User', [{ Id: id, IAdvize_Sync__c: true }]);
    }
    const second = start(0);
    await waitFor(() => received(second) === 3, 'the three ticks', 20_000);
    second.child.kill('SIGTERM');
    await second.exited;
    expect(received(second)).toBe(3);
  });
});
