/**
 * The rotation crash with a real process: the companion (main.ts) is SIGKILLed right after it
 * stored a rotated Zendesk pair, and a new process on the same database carries on with it. The
 * Zendesk sandbox issues 60-second access tokens (inside the 5-minute renewal margin), so every run
 * refreshes before its first request; 300 ms of latency on each Zendesk answer leaves the kill a
 * window between the store and the pair's first use.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { companionEnv, companionOAuthEnv } from '../../sandbox/env-file';
import { startSandboxStack, ZENDESK_OAUTH_CLIENT, type SandboxStack } from '../../sandbox/stack';
import { spawnCompanion, type CompanionProcess } from '../../test/companion-process';
import { connectInBrowser } from '../../test/connect-browser';
import { freePort } from '../../test/free-port';
import { waitFor } from '../../test/wait-for';
import { parseKey } from '../lib/crypto-box';
import { HttpClient } from '../lib/http-client';
import { silentLogger } from '../lib/logger';
import { refreshTokens } from '../sources/zendesk/oauth';
import { SqliteStore } from '../store/sqlite-store';
import { TokenVault, type ZendeskGrant } from './token-vault';

jest.setTimeout(90_000);

describe('a companion killed right after storing a rotated Zendesk pair', () => {
  let stack: SandboxStack;
  let running: CompanionProcess | undefined;
  let dbPath: string;

  afterEach(async () => {
    if (running && running.child.exitCode === null && running.child.signalCode === null) {
      running.child.kill('SIGKILL');
      await running.exited;
    }
    await stack.close();
  });

  it('restarts with the stored pair: the import completes with no new consent, the old pair is dead', async () => {
    const port = await freePort();
    stack = await startSandboxStack({
      salesforce: { cometdTimeoutMs: 400 },
      zendesk: { accessTokenLifetimeSeconds: 60, latencyMs: 300 },
      companionUrl: `http://127.0.0.1:${port}`,
    });
    for (let i = 0; i < 6; i++)
      stack.zendesk.state.addUser({ name: `Agent ${i}`, email: `agent${i}@acme.test`, role: 'agent' });
    const org = stack.salesforce.org;
    const [settingsId] = org.insert('User_Sync_Source__c', [
      {
        Name: 'Zendesk',
        Source__c: 'zendesk',
        Enabled__c: false,
        Zendesk_Subdomain__c: 'acme',
        Zendesk_Roles__c: 'agent',
      },
    ]);
    const settings = () => org.get('User_Sync_Source__c', settingsId)!;
    const runs = () => org.query('SELECT Status__c, Message__c FROM User_Sync_Run__c ORDER BY Name');
    dbPath = join(mkdtempSync(join(tmpdir(), 'rotation-kill-')), 'companion.db');
    const env = companionEnv(stack.companionAuth, undefined, {
      PORT: String(port),
      DATABASE_PATH: dbPath,
      LOG_LEVEL: 'info',
      ...companionOAuthEnv(stack.oauth, { zendeskUrl: stack.zendesk.url, intercomUrl: stack.intercom.url }),
    });
    const key = parseKey(stack.oauth.keyText);
    if (!key.ok) throw new Error(key.error);
    const stored = async (): Promise<ZendeskGrant> => {
      const reader = SqliteStore.open(dbPath);
      try {
        const grant = await new TokenVault(reader, key.value).load('zendesk');
        if (!grant.ok || !grant.value) throw new Error('no stored Zendesk grant');
        return grant.value;
      } finally {
        await reader.close();
      }
    };
    const start = async () => {
      running = spawnCompanion(env);
      const p = running;
      await waitFor(() => p.logs.some((l) => l.msg === 'subscribed'), 'the command subscription', 30_000);
      return p;
    };

    // Connect Zendesk through the app and the admin's browser.
    const first = await start();
    org.publishEvent('User_Sync_Command__e', { Command__c: 'CONNECT', Source__c: 'zendesk' });
    await waitFor(() => Boolean(settings().Connect_Link__c), 'the connect link', 15_000);
    const connected = await connectInBrowser(String(settings().Connect_Link__c));
    expect(connected.status).toBe(200);
    expect(settings().Connection_Status__c).toMatch(/^Connected to acme\.zendesk\.com/);
    const consents = stack.zendesk.state.counters.byPath['GET /oauth/authorizations/new'];
    const before = await stored();

    // Enable: the first import refreshes before its first request. Kill the moment the new pair is on disk.
    const db = new Database(dbPath, { readonly: true });
    const sealed = () =>
      (db.prepare("SELECT sealed FROM oauth_tokens WHERE provider = 'zendesk'").get() as { sealed: string })
        .sealed;
    const sealedBefore = sealed();
    org.update('User_Sync_Source__c', [{ Id: settingsId, Enabled__c: true }]);
    org.publishEvent('User_Sync_Command__e', { Command__c: 'SETTINGS_CHANGED', Source__c: 'zendesk' });
    const deadline = Date.now() + 20_000;
    while (sealed() === sealedBefore) {
      if (Date.now() > deadline) throw new Error('no rotation was stored');
      await new Promise((r) => setTimeout(r, 2));
    }
    first.child.kill('SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');
    db.close();
    const rotated = await stored();
    expect(rotated.refreshToken).not.toBe(before.refreshToken);
    expect(runs().map((r) => r.Status__c)).toEqual(['Running']); // killed mid-run, before listing

    // A new process on the same database: the interrupted run is marked Failed, the import runs again.
    await start();
    await waitFor(
      () => runs().some((r) => r.Status__c === 'Succeeded'),
      'the import after the restart',
      30_000,
    );
    expect(runs()[0]).toMatchObject({
      Status__c: 'Failed',
      Message__c: expect.stringContaining('Interrupted'),
    });
    expect(org.query("SELECT Id FROM External_User__c WHERE Source__c = 'Zendesk'")).toHaveLength(6);
    expect(stack.zendesk.state.counters.byPath['GET /oauth/authorizations/new']).toBe(consents);
    expect(settings().Connection_Status__c).toMatch(/^Connected to acme\.zendesk\.com/);

    // The pair from before the kill was rotated away for good.
    const http = new HttpClient({ name: 't', logger: silentLogger(), sleep: async () => {} });
    const old = await refreshTokens(http, {
      baseUrl: stack.zendesk.url,
      ...ZENDESK_OAUTH_CLIENT,
      refreshToken: before.refreshToken,
    });
    expect(old).toMatchObject({ ok: false, error: { code: 'ZENDESK_AUTH_FAILED', status: 400 } });
  });
});
