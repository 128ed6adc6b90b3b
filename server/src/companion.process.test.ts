import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { companionEnv } from '../sandbox/env-file';
import { startSandboxStack, type SandboxStack } from '../sandbox/stack';
import { spawnCompanion, type CompanionProcess } from '../test/companion-process';
import { waitFor } from '../test/wait-for';
import { SYNC_REQUEST_CHANNEL } from './companion';
import { SqliteStore } from './store/sqlite-store';

describe('the companion process (main.ts)', () => {
  let stack: SandboxStack;
  let dbPath: string;
  let running: CompanionProcess | undefined;

  beforeEach(async () => {
    stack = await startSandboxStack({ salesforce: { cometdTimeoutMs: 400 } });
    dbPath = join(mkdtempSync(join(tmpdir(), 'companion-')), 'companion.db');
  });

  afterEach(async () => {
    if (running && running.child.exitCode === null) {
      running.child.kill('SIGKILL');
      await running.exited;
    }
    await stack.close();
  });

  function start(port: number): CompanionProcess {
    running = spawnCompanion(
      companionEnv(stack.companionAuth, stack.iadvizeConfig, {
        PORT: String(port),
        DATABASE_PATH: dbPath,
        LOG_LEVEL: 'info',
      }),
    );
    return running;
  }

  const subscribed = (p: CompanionProcess) => p.logs.some((l) => l.msg === 'subscribed');
  const tick = (name: string) => {
    const id = stack.salesforce.org.addUser({
      FirstName: name,
      LastName: 'Tester',
      Email: `${name.toLowerCase()}@example.com`,
    });
    stack.salesforce.org.update('User', [{ Id: id, IAdvize_Sync__c: true }]);
    return id;
  };
  const status = (id: string) => stack.salesforce.org.get('User', id)!.IAdvize_Sync_Status__c;

  it('fails to start, saying why, when its port is taken', async () => {
    const first = start(0);
    await waitFor(() => subscribed(first), 'the first companion', 20_000);
    const port = first.logs.find((l) => l.msg === 'companion listening')!.port;
    const second = spawnCompanion(
      companionEnv(stack.companionAuth, stack.iadvizeConfig, {
        PORT: String(port),
        DATABASE_PATH: `${dbPath}-2`,
      }),
    );
    const { code } = await second.exited;
    expect(code).toBe(1);
    expect(second.stderr()).toContain('EADDRINUSE');
  });

  it('refuses to start on a bad environment, listing every problem', async () => {
    running = spawnCompanion({ PORT: 'x', SF_AUTH_FLOW: 'jwt', IADVIZE_USERNAME: 'api@acme.com' });
    const { code } = await running.exited;
    expect(code).toBe(1);
    const stderr = running.stderr();
    for (const line of [
      'PORT: not a port (1–65535)',
      'SF_CLIENT_ID: is required',
      'SF_USERNAME: is required',
      'SF_PRIVATE_KEY or SF_PRIVATE_KEY_FILE: one is required for the jwt flow',
      'IADVIZE_PASSWORD: is required',
    ])
      expect(stderr).toContain(`  - ${line}\n`);
  });

  it('refuses to start, in one line, when SF_LOGIN_URL answers an HTML page', async () => {
    const site = createServer((_req, res) => {
      res.writeHead(404, { 'Content-Type': 'text/html' });
      res.end(
        '<!DOCTYPE html>\n<html>\n<head>\n<title>Welcome to nginx!</title>\n</head>\n<body></body>\n</html>\n',
      );
    });
    await new Promise<void>((ready) => site.listen(0, '127.0.0.1', ready));
    const loginUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
    try {
      running = spawnCompanion(
        companionEnv(stack.companionAuth, stack.iadvizeConfig, {
          SF_LOGIN_URL: loginUrl,
          DATABASE_PATH: dbPath,
        }),
      );
      const { code } = await running.exited;
      expect(code).toBe(1);
      expect(running.stderr()).toBe(
        `Companion failed to start (SF_LOGIN_URL_INVALID): SF_LOGIN_URL is not a Salesforce login endpoint: ${loginUrl} (it answered an HTML page "Welcome to nginx!")\n`,
      );
    } finally {
      await new Promise((done) => site.close(done));
    }
  });

  it('becomes ready, provisions a ticked user, and on SIGTERM stores its position and exits 0', async () => {
    const companion = start(0);
    await waitFor(() => subscribed(companion), 'the subscription', 20_000);
    const port = companion.logs.find((l) => l.msg === 'companion listening')!.port;
    // Ready once both channels (sync requests, commands) are subscribed, not at the first of them.
    await waitFor(
      async () => (await fetch(`http://127.0.0.1:${port}/readyz`)).status === 200,
      'a ready companion',
      20_000,
    );
    const ready = (await (await fetch(`http://127.0.0.1:${port}/readyz`)).json()) as Record<string, unknown>;
    expect(ready.channels).toEqual({
      [SYNC_REQUEST_CHANNEL]: 'active',
      '/event/User_Sync_Command__e': 'active',
    });

    const id = tick('Ticked');
    await waitFor(() => status(id) === 'Created', 'the write-back');
    expect(stack.salesforce.org.get('User', id)!.IAdvize_Operator_Id__c).toMatch(/^\d+$/);

    companion.child.kill('SIGTERM');
    expect(await companion.exited).toEqual({ code: 0, signal: null });
    const store = SqliteStore.open(dbPath);
    expect(await store.getReplayId(SYNC_REQUEST_CHANNEL)).toBe(
      stack.salesforce.org.events('IAdvize_Sync_Request__e').at(-1)!.replayId,
    );
    await store.close();
    // No secret, token or address reaches the log.
    const text = JSON.stringify(companion.logs);
    expect(text).not.toContain('ticked@example.com');
    expect(text).not.toContain('PRIVATE KEY');
    expect(text).not.toContain(stack.iadvizeConfig.password);
  });

  it('after SIGKILL, handles the ticks made while it was down, once each', async () => {
    const first = start(0);
    await waitFor(() => subscribed(first), 'the subscription', 20_000);
    first.child.kill('SIGKILL');
    await first.exited;

    const ids = ['Ann', 'Bob', 'Cyd'].map(tick);
    const second = start(0);
    await waitFor(() => ids.every((id) => status(id) === 'Created'), 'the three write-backs', 20_000);
    // Three operators created, plus the API admin account the sandbox seeds.
    expect(stack.iadvize.state.operators()).toHaveLength(4);
    second.child.kill('SIGTERM');
    await second.exited;
  });

  it('stops within 10 s of SIGTERM while iAdvize never answers, and replays the request next time', async () => {
    // An iAdvize host that accepts connections and never answers: every request hangs.
    const blackhole = createNetServer(() => undefined);
    await new Promise<void>((ready) => blackhole.listen(0, '127.0.0.1', ready));
    const hangingUrl = `http://127.0.0.1:${(blackhole.address() as AddressInfo).port}`;
    try {
      running = spawnCompanion(
        companionEnv(
          stack.companionAuth,
          { ...stack.iadvizeConfig, graphqlUrl: hangingUrl, restUrl: `${hangingUrl}/api/2` },
          {
            PORT: '0',
            DATABASE_PATH: dbPath,
          },
        ),
      );
      const companion = running;
      await waitFor(() => subscribed(companion), 'the subscription', 20_000);
      const id = tick('Hung');
      // Long enough for the request to reach the companion, which then waits on iAdvize.
      await new Promise((r) => setTimeout(r, 1500));
      const signalled = Date.now();
      companion.child.kill('SIGTERM');
      const { code } = await companion.exited;
      const stoppedInMs = Date.now() - signalled;
      expect(code).toBe(0);
      expect(stoppedInMs).toBeLessThan(10_000);
      expect(companion.logs.some((l) => l.msg === 'companion stopped')).toBe(true);
      expect(status(id)).toBe('Queued');
    } finally {
      blackhole.close();
    }
    // The same request, handled by the next start against a working iAdvize.
    const hung = String(stack.salesforce.org.query("SELECT Id FROM User WHERE FirstName = 'Hung'")[0].Id);
    const next = start(0);
    await waitFor(() => status(hung) === 'Created', 'the replayed request', 20_000);
    next.child.kill('SIGTERM');
    await next.exited;
  }, 60_000);
});
