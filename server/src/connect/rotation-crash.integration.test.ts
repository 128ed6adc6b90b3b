/**
 * Acceptance: "refresh-token rotation survives a crash between refresh and store" (docs/architecture.md:
 * Zendesk refresh tokens rotate, persist the new pair before using it; killing the companion at any
 * moment loses nothing).
 *
 * Zendesk deletes the old pair the moment it issues a new one, so there are two crash points:
 * (a) after the new pair is stored, before it is used: the restarted companion must carry on with the
 *     stored pair, no new consent;
 * (b) inside the store write (the new pair never commits): the stored pair is dead, nothing can bring
 *     it back, and the restarted companion must say so (run Failed, "connect again" on the settings
 *     record) without touching anything else.
 *
 * A "crash" here is the process stopping at that point: the save never resolves, the in-memory
 * objects (store handle, vault, token source, scheduler) are dropped without stop, and everything is
 * rebuilt from the SQLite file, as a restart would.
 */
import { Connection } from 'jsforce';
import { startSandboxStack, ZENDESK_OAUTH_CLIENT, type SandboxStack } from '../../sandbox/stack';
import { waitFor } from '../../test/wait-for';
import { listingFor } from '../directory/listing-factory';
import { SalesforceDirectory } from '../directory/salesforce-directory';
import { parseSourceConfiguration, type SourceConfiguration } from '../directory/source-settings';
import type { SourceListing } from '../directory/source-listing';
import { DirectoryScheduler, type Timers } from '../jobs/scheduler';
import { HttpClient } from '../lib/http-client';
import { silentLogger } from '../lib/logger';
import { refreshTokens } from '../sources/zendesk/oauth';
import { SqliteStore } from '../store/sqlite-store';
import type { TokenStore } from '../store/store';
import { vaultCredentials } from './run-credentials';
import { reconnectStatus } from './status-messages';
import {
  closeAll,
  followRedirect,
  newKey,
  onClose,
  openStore,
  startCompanion,
  startFlow,
  type Companion,
} from './test-helpers';
import { TokenVault, type ZendeskGrant } from './token-vault';

const AGENTS = 7;
const MINUTE = 60_000;

// Timers that never fire: runs are started by the test.
const idle = (clock: { t: number }): Timers => ({
  now: () => clock.t,
  schedule: () => ({ cancel: () => {} }),
  cron: () => ({ cancel: () => {} }),
});

interface World {
  stack: SandboxStack;
  clock: { t: number };
  key: ReturnType<typeof newKey>;
  path: string;
  store: SqliteStore;
  companion: Companion;
  settingsId: string;
}

let world: World;

beforeEach(async () => {
  const clock = { t: Date.now() };
  const { store, path } = openStore();
  const key = newKey();
  // The companion's OAuth side first: its URL is the redirect URI the Zendesk sandbox must know.
  const target = { url: '' };
  const companion = await startCompanion({
    store,
    key,
    logger: silentLogger(),
    now: () => clock.t,
    zendesk: { ...ZENDESK_OAUTH_CLIENT, baseUrl: () => target.url },
  });
  const stack = await startSandboxStack({ companionUrl: companion.url, zendesk: { now: () => clock.t } });
  target.url = stack.zendesk.url;
  for (let i = 0; i < AGENTS; i++)
    stack.zendesk.state.addUser({ name: `Agent ${i}`, email: `agent${i}@acme.test`, role: 'agent' });
  const [settingsId] = stack.salesforce.org.insert('User_Sync_Source__c', [
    {
      Name: 'Zendesk',
      Source__c: 'zendesk',
      Enabled__c: true,
      Zendesk_Subdomain__c: 'acme',
      Zendesk_Roles__c: 'agent',
    },
  ]);
  world = { stack, clock, key, path, store, companion, settingsId };
  await connect();
});

afterEach(async () => {
  await closeAll();
  await world.stack.close();
});

/** The admin connects Zendesk: link → consent → callback. The vault then holds the first pair. */
async function connect(): Promise<void> {
  const { authorize, cookie } = await startFlow(world.companion, 'zendesk', 'acme');
  const back = await followRedirect(authorize.toString());
  const res = await fetch(back, { headers: { cookie } });
  expect(res.status).toBe(200);
}

/** What a (re)started companion builds from the file: store, vault, the run's credentials loader. */
function boot(tokenStore?: (store: SqliteStore) => TokenStore) {
  const store = SqliteStore.open(world.path);
  // Closed when the test ends, never at the "crash": a killed process closes nothing either.
  onClose(() => store.close());
  const vault = new TokenVault(tokenStore ? tokenStore(store) : store, world.key);
  const credentials = vaultCredentials({
    vault,
    zendeskClient: ZENDESK_OAUTH_CLIENT,
    zendeskBaseUrl: world.stack.zendesk.url,
    logger: silentLogger(),
    now: () => world.clock.t,
    http: new HttpClient({ name: 'zendesk-oauth', logger: silentLogger(), sleep: async () => {} }),
  });
  const connection = new Connection({
    instanceUrl: world.stack.salesforce.url,
    accessToken: world.stack.salesforce.org.issueAccessToken(),
    version: world.stack.salesforce.apiVersion,
  });
  const scheduler = new DirectoryScheduler({
    directory: new SalesforceDirectory(connection),
    sources: { zendesk: { baseUrl: world.stack.zendesk.url }, intercom: {} },
    credentials,
    store,
    logger: silentLogger(),
    timers: idle(world.clock),
  });
  return { store, vault, credentials, scheduler };
}

async function configuration(): Promise<SourceConfiguration> {
  const record = world.stack.salesforce.org.get('User_Sync_Source__c', world.settingsId);
  const parsed = parseSourceConfiguration(record);
  if (!parsed.ok) throw new Error(parsed.error.join('; '));
  return parsed.value;
}

async function listing(credentials: ReturnType<typeof boot>['credentials']): Promise<SourceListing> {
  const config = await configuration();
  const loaded = await credentials(config);
  if (!loaded.ok) throw new Error(loaded.error);
  const built = listingFor(
    config,
    { zendesk: { baseUrl: world.stack.zendesk.url }, intercom: {} },
    loaded.value,
    silentLogger(),
  );
  if (!built.ok) throw new Error(built.error);
  return built.value;
}

async function storedGrant(): Promise<ZendeskGrant> {
  const reader = SqliteStore.open(world.path);
  try {
    const grant = await new TokenVault(reader, world.key).load('zendesk');
    if (!grant.ok || !grant.value) throw new Error('no stored Zendesk grant');
    return grant.value;
  } finally {
    await reader.close();
  }
}

const sandboxHttp = () => new HttpClient({ name: 't', logger: silentLogger(), sleep: async () => {} });
const refreshWith = (refreshToken: string) =>
  refreshTokens(
    sandboxHttp(),
    { baseUrl: world.stack.zendesk.url, ...ZENDESK_OAUTH_CLIENT, refreshToken },
    () => world.clock.t,
  );
const usersStatusWith = async (accessToken: string) =>
  (
    await fetch(`${world.stack.zendesk.url}/api/v2/users?role[]=agent`, {
      headers: { Authorization: `Bearer ${accessToken}` },
    })
  ).status;
const directoryRows = () =>
  world.stack.salesforce.org.query("SELECT Id, Status__c FROM External_User__c WHERE Source__c = 'Zendesk'");
const runs = () =>
  world.stack.salesforce.org.query('SELECT Status__c, Message__c FROM User_Sync_Run__c ORDER BY Name');
const consents = () => world.stack.zendesk.state.counters.byPath['GET /oauth/authorizations/new'] ?? 0;

async function drain(pages: SourceListing): Promise<number> {
  let users = 0;
  for await (const page of pages) users += page.users.length;
  return users;
}

describe('refresh-token rotation survives a crash between refresh and store', () => {
  it('(a) new pair stored, process dies before using it: the restart lists with it, no new consent', async () => {
    const first = boot();
    expect((await first.scheduler.runNow('zendesk', 'Manual'))?.status).toBe('Succeeded');
    const before = await storedGrant();

    // 26 minutes later the 30-minute access token is inside the 5-minute margin: the next request
    // refreshes first. The store commits the new pair, and the process dies before anything else.
    world.clock.t += 26 * MINUTE;
    const listsBefore = world.stack.zendesk.state.counters.usersList;
    const crashing = boot((store) => ({
      saveSealedTokens: async (provider, sealed) => {
        await store.saveSealedTokens(provider, sealed);
        return new Promise<void>(() => {}); // committed; the process is gone before it returns
      },
      loadSealedTokens: (provider) => store.loadSealedTokens(provider),
    }));
    void drain(await listing(crashing.credentials)).catch(() => undefined);
    await waitFor(
      async () => (await storedGrant()).refreshToken !== before.refreshToken,
      'the rotated pair stored',
    );
    const rotated = await storedGrant();
    expect(world.stack.zendesk.state.counters.usersList).toBe(listsBefore); // never used

    // Restart from the file: the stored pair is the live one.
    const restarted = boot();
    const consentsBefore = consents();
    expect(await drain(await listing(restarted.credentials))).toBe(AGENTS);
    expect((await restarted.scheduler.runNow('zendesk', 'Manual'))?.status).toBe('Succeeded');
    expect(consents()).toBe(consentsBefore);
    expect(await storedGrant()).toMatchObject({ subdomain: 'acme', refreshToken: rotated.refreshToken });

    // Rotation did happen: Zendesk refuses the old pair, refresh and access token alike.
    expect(await refreshWith(before.refreshToken)).toMatchObject({
      ok: false,
      error: { code: 'ZENDESK_AUTH_FAILED', status: 400 },
    });
    expect(await usersStatusWith(before.accessToken)).toBe(401);
    expect(await usersStatusWith(rotated.accessToken)).toBe(200);
  });

  it('(b) process dies inside the store write: the restart fails the run, says "connect again", loses nothing else', async () => {
    const first = boot();
    expect((await first.scheduler.runNow('zendesk', 'Manual'))?.status).toBe('Succeeded');
    expect(directoryRows()).toHaveLength(AGENTS);
    const before = await storedGrant();

    world.clock.t += 26 * MINUTE;
    const tokenCalls = () => world.stack.zendesk.state.counters.byPath['POST /oauth/tokens'] ?? 0;
    const refreshesBefore = tokenCalls();
    const dying = boot((store) => ({
      saveSealedTokens: () => new Promise<void>(() => {}), // the write never commits
      loadSealedTokens: (provider) => store.loadSealedTokens(provider),
    }));
    void drain(await listing(dying.credentials)).catch(() => undefined);
    // Zendesk rotated (and deleted the stored pair); the new one exists only in the dead process.
    await waitFor(() => tokenCalls() === refreshesBefore + 1, 'the refresh at Zendesk');
    expect(await storedGrant()).toEqual(before);

    // Restart from the file: the stored refresh token is refused (invalid_grant).
    const restarted = boot();
    const summary = await restarted.scheduler.runNow('zendesk', 'Manual');
    expect(summary?.status).toBe('Failed');
    expect(summary?.message).toContain(
      'Zendesk refused the stored refresh token (invalid_grant): connect Zendesk again',
    );
    expect(tokenCalls()).toBe(refreshesBefore + 2); // one refused refresh, no loop
    expect(runs().at(-1)).toMatchObject({
      Status__c: 'Failed',
      Message__c: expect.stringContaining('connect Zendesk again'),
    });
    const settings = world.stack.salesforce.org.get('User_Sync_Source__c', world.settingsId)!;
    expect(settings.Connection_Status__c).toBe(reconnectStatus('zendesk'));
    expect(settings.Connection_Status__c).toContain('connect again');

    // Nothing else is lost: the directory is as the last good run left it, the stored grant is kept.
    expect(directoryRows()).toHaveLength(AGENTS);
    expect(directoryRows().every((r) => r.Status__c === 'Pending')).toBe(true);
    expect(await storedGrant()).toEqual(before);

    // Connecting again is the way back, and the next run works.
    await connect();
    expect((await restarted.scheduler.runNow('zendesk', 'Manual'))?.status).toBe('Succeeded');
  });
});
