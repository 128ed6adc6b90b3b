import { startIntercomSandbox, DEFAULT_ACCESS_TOKEN, type IntercomSandbox } from '../../sandbox/intercom';
import { startSalesforceSandbox, type SalesforceSandbox } from '../../sandbox/salesforce';
import { startZendeskSandbox, type ZendeskSandbox } from '../../sandbox/zendesk';
import { silentLogger } from '../lib/logger';
import { IntercomClient } from '../sources/intercom';
import { staticAccessToken, ZendeskClient, type TeamUserFilter } from '../sources/zendesk';
import { StoreRunLock } from '../jobs/run-lock';
import { SqliteStore } from '../store/sqlite-store';
import { runSync, type SourceSettings, type SyncRunOptions } from './run-sync';
import { SalesforceDirectory } from './salesforce-directory';
import { intercomListing, zendeskListing } from './source-listing';
import { Connection } from 'jsforce';

const noSleep = async () => undefined;

describe('directory sync runs (Zendesk / Intercom sandbox → companion → Salesforce sandbox)', () => {
  let salesforce: SalesforceSandbox;
  let zendesk: ZendeskSandbox;
  let directory: SalesforceDirectory;
  const store = SqliteStore.open(':memory:');
  const lock = new StoreRunLock(store);

  beforeEach(async () => {
    [salesforce, zendesk] = await Promise.all([startSalesforceSandbox(), startZendeskSandbox()]);
    const conn = new Connection({
      instanceUrl: salesforce.url,
      accessToken: salesforce.org.issueAccessToken(),
      version: salesforce.apiVersion,
    });
    directory = new SalesforceDirectory(conn);
  });
  afterEach(async () => {
    await Promise.all([salesforce.close(), zendesk.close()]);
  });

  const settings = (over: Partial<SourceSettings> = {}): SourceSettings => ({
    source: 'zendesk',
    identifierColumn: null,
    matchUserField: null,
    updateLinkedUserNames: false,
    deactivateLinkedUsers: false,
    deactivationThreshold: 0.2,
    ...over,
  });
  const TEAM: TeamUserFilter = { roles: ['agent', 'admin'], customRoleIds: [] };
  const zendeskPages = (filter: TeamUserFilter = TEAM) =>
    zendeskListing(
      new ZendeskClient({
        subdomain: 'acme',
        baseUrl: zendesk.url,
        tokens: staticAccessToken(zendesk.state.issueAccessToken()),
        logger: silentLogger(),
        sleep: noSleep,
      }).listTeamUsers(filter),
      null,
    );
  function zendeskRun(over: Partial<SyncRunOptions> = {}, filter: TeamUserFilter = TEAM) {
    return runSync({
      settings: settings(),
      trigger: 'Manual',
      listing: zendeskPages(filter),
      directory,
      lock,
      logger: silentLogger(),
      ...over,
    });
  }
  const rows = () =>
    salesforce.org.query(
      'SELECT Source_Key__c, Name, Status__c, User__c, Deactivation_Reason__c FROM External_User__c',
    );
  const row = (zendeskId: number) => rows().find((r) => r.Source_Key__c === `zendesk:${zendeskId}`)!;
  const seedTeam = (n: number) =>
    Array.from({ length: n }, (_, i) =>
      zendesk.state.addUser({
        name: `Agent ${i}`,
        email: `agent${i}@acme.test`,
        role: i % 10 === 0 ? 'admin' : 'agent',
      }),
    );

  it('first import: team users become Pending rows, end users never; ⌈N/100⌉ Zendesk requests; the run is recorded', async () => {
    const team = seedTeam(250);
    for (let i = 0; i < 40; i++)
      zendesk.state.addUser({ name: `Customer ${i}`, email: `c${i}@example.com`, role: 'end-user' });
    zendesk.state.resetCounters();
    const summary = await zendeskRun({ trigger: 'Enable' });
    expect(summary.status).toBe('Succeeded');
    expect(zendesk.state.counters.usersList).toBe(3);
    expect(rows()).toHaveLength(250);
    expect(row(team[0].id)).toMatchObject({ Name: 'Agent 0', Status__c: 'Pending', User__c: null });
    const [run] = salesforce.org.query(
      'SELECT Status__c, Trigger__c, Created_Count__c, Unchanged_Count__c, Message__c FROM User_Sync_Run__c',
    );
    expect(run).toMatchObject({
      Status__c: 'Succeeded',
      Trigger__c: 'Enable',
      Created_Count__c: 250,
      Unchanged_Count__c: 0,
    });
  });

  it('links users whose email matches a Salesforce user (Active)', async () => {
    const [agent] = seedTeam(1);
    const sfId = salesforce.org.addUser({ LastName: 'Zero', Email: 'AGENT0@acme.test' });
    await zendeskRun();
    expect(row(agent.id)).toMatchObject({ Status__c: 'Active', User__c: sfId });
  });

  it('re-sync with one rename writes one row, and removal then return deactivates and reactivates', async () => {
    const team = seedTeam(20);
    await zendeskRun();
    salesforce.org.resetCounters();
    zendesk.state.updateUser(team[3].id, { name: 'Agent Three Renamed' });
    const second = await zendeskRun();
    expect(second.counts).toMatchObject({ renamed: 1, unchanged: 19 });
    // Writes follow the changes, not N: one collection call for the one renamed row.
    expect(salesforce.org.counters.byKind.collections).toBe(1);
    expect(row(team[3].id).Name).toBe('Agent Three Renamed');

    zendesk.state.deleteUser(team[5].id);
    await zendeskRun();
    expect(row(team[5].id)).toMatchObject({ Status__c: 'Deactivated' });
    expect(row(team[5].id).Deactivation_Reason__c).toContain('no longer listed');

    zendesk.state.updateUser(team[6].id, { suspended: true });
    await zendeskRun();
    expect(row(team[6].id)).toMatchObject({
      Status__c: 'Deactivated',
      Deactivation_Reason__c: 'suspended in Zendesk',
    });
    zendesk.state.updateUser(team[6].id, { suspended: false });
    const back = await zendeskRun();
    expect(back.counts.reactivated).toBe(1);
    expect(row(team[6].id)).toMatchObject({ Status__c: 'Pending' });
  });

  it('imports only the chosen custom role with permission_set', async () => {
    const role = zendesk.state.addCustomRole('Tier 2');
    zendesk.state.addUser({ name: 'Plain', email: 'plain@acme.test', role: 'agent' });
    const tier2 = zendesk.state.addUser({
      name: 'Tier Two',
      email: 't2@acme.test',
      role: 'agent',
      custom_role_id: role.id,
    });
    await zendeskRun({}, { roles: [], customRoleIds: [role.id] });
    expect(rows().map((r) => r.Source_Key__c)).toEqual([`zendesk:${tier2.id}`]);
  });

  it('a listing failing on page 3 deactivates nobody and the run is Failed', async () => {
    seedTeam(450);
    await zendeskRun();
    zendesk.state.setFaults({ failPage: 3 });
    const summary = await zendeskRun();
    expect(summary.status).toBe('Failed');
    expect(summary.message).toContain('Nobody was deactivated');
    expect(rows().filter((r) => r.Status__c === 'Deactivated')).toHaveLength(0);
  });

  it('shows its progress on the run record as it lists, and announces it', async () => {
    seedTeam(250);
    const summary = await zendeskRun({ progressEveryMs: 0 });
    const [run] = salesforce.org.query(
      `SELECT Listed_Count__c, Sample__c FROM User_Sync_Run__c WHERE Id = '${summary.runId}'`,
    );
    expect(run.Listed_Count__c).toBe(250);
    expect(JSON.parse(String(run.Sample__c)).changes).toHaveLength(50);
    const announced = salesforce.org
      .events('User_Sync_Update__e')
      .filter((e) => e.payload.Record_Id__c === summary.runId);
    // Created, then each of the 3 pages, then finished.
    expect(announced.length).toBeGreaterThanOrEqual(5);
  });

  it('holds a mass removal until an admin confirms it', async () => {
    const team = seedTeam(10);
    await zendeskRun();
    for (const u of team.slice(0, 5)) zendesk.state.deleteUser(u.id);
    const held = await zendeskRun();
    expect(held.status).toBe('Held');
    expect(rows().filter((r) => r.Status__c === 'Deactivated')).toHaveLength(0);
    expect(held.heldKeys.sort()).toEqual(
      team
        .slice(0, 5)
        .map((u) => `zendesk:${u.id}`)
        .sort(),
    );
    const confirmed = await zendeskRun({
      confirm: { runId: held.runId!, keys: new Set(held.heldKeys) },
    });
    expect(confirmed.status).toBe('Succeeded');
    expect(rows().filter((r) => r.Status__c === 'Deactivated')).toHaveLength(5);
    const [record] = salesforce.org.query(
      `SELECT Confirms_Run__c FROM User_Sync_Run__c WHERE Id = '${confirmed.runId}'`,
    );
    expect(record.Confirms_Run__c).toBe(held.runId);
  });

  it('reports two source users sharing an email and links neither', async () => {
    zendesk.state.addUser({ name: 'One', email: 'shared@acme.test', role: 'agent' });
    zendesk.state.addUser({ name: 'Two', email: 'shared@acme.test', role: 'agent' });
    salesforce.org.addUser({ LastName: 'Shared', Email: 'shared@acme.test' });
    const summary = await zendeskRun();
    expect(rows().every((r) => r.User__c === null)).toBe(true);
    expect(summary.errors.map((e) => e.reason)).toEqual([
      expect.stringContaining('share the email'),
      expect.stringContaining('share the email'),
    ]);
  });

  it('never runs two runs of one source at once', async () => {
    seedTeam(5);
    const [a, b] = await Promise.all([zendeskRun(), zendeskRun()]);
    expect([a.status, b.status].sort()).toEqual(['Skipped', 'Succeeded']);
  });

  it('records a skipped run, naming the run it made way for', async () => {
    seedTeam(5);
    const other = new StoreRunLock(store);
    expect(await other.acquire('zendesk')).toBe(true);
    await other.attachRun('zendesk', 'a0C000000000042AAA');
    const skip = await zendeskRun({ trigger: 'Schedule' });
    expect(skip.status).toBe('Skipped');
    const [record] = salesforce.org.query(
      `SELECT Status__c, Trigger__c, Message__c FROM User_Sync_Run__c WHERE Id = '${skip.runId}'`,
    );
    expect(record).toEqual({
      Status__c: 'Skipped',
      Trigger__c: 'Schedule',
      Message__c: 'Skipped: another Zendesk run was in progress (run a0C000000000042AAA).',
    });
    expect(rows()).toHaveLength(0);
    await other.release('zendesk');
  });

  it('a dry run says what it would do and changes nothing', async () => {
    seedTeam(3);
    const summary = await zendeskRun({ dryRun: true });
    expect(summary.message).toMatch(/^Dry run: 3 created/);
    expect(rows()).toHaveLength(0);
    expect(salesforce.org.query('SELECT Id FROM User_Sync_Run__c')).toHaveLength(0);
  });

  it('links nobody when two users share an email pages apart (page 1 and page 3)', async () => {
    const first = zendesk.state.addUser({ name: 'First', email: 'team@acme.test', role: 'agent' });
    seedTeam(230);
    const last = zendesk.state.addUser({ name: 'Last', email: 'TEAM@acme.test', role: 'agent' });
    salesforce.org.addUser({ LastName: 'Team', Email: 'team@acme.test' });
    const summary = await zendeskRun();
    expect(row(first.id).User__c).toBeNull();
    expect(row(last.id).User__c).toBeNull();
    expect(summary.errors.map((e) => e.sourceKey)).toEqual([`zendesk:${first.id}`, `zendesk:${last.id}`]);
    expect(rows()).toHaveLength(232);
  });

  it('writes while the listing goes on, and applies deactivations only after every other write', async () => {
    const team = seedTeam(600);
    await zendeskRun();
    for (const u of team.slice(0, 50)) zendesk.state.deleteUser(u.id); // 50 of 600: under the threshold
    for (const u of team.slice(100, 600)) zendesk.state.updateUser(u.id, { name: `${u.name} (renamed)` });
    const events: string[] = [];
    const logged: typeof directory = Object.create(directory);
    logged.upsertRows = async (batch) => {
      events.push(batch.every((r) => r.Status__c === 'Deactivated') ? 'deactivate' : 'write');
      return directory.upsertRows(batch);
    };
    async function* listing() {
      for await (const page of zendeskPages()) {
        events.push('page');
        yield page;
      }
    }
    const summary = await zendeskRun({ directory: logged, listing: listing() });
    expect(summary.counts).toMatchObject({ renamed: 500, deactivated: 50 });
    // The first writes go out before the last page is listed…
    expect(events.indexOf('write')).toBeLessThan(events.lastIndexOf('page'));
    // …and the deactivations after every page and every other write.
    const firstDeactivation = events.indexOf('deactivate');
    expect(firstDeactivation).toBeGreaterThan(events.lastIndexOf('write'));
    expect(firstDeactivation).toBeGreaterThan(events.lastIndexOf('page'));
  });

  it('deactivates nobody when the writes before them fail', async () => {
    const team = seedTeam(20);
    await zendeskRun();
    zendesk.state.deleteUser(team[0].id);
    zendesk.state.updateUser(team[1].id, { name: 'Renamed' });
    const failing: typeof directory = Object.create(directory);
    failing.upsertRows = async () => {
      throw new Error('Salesforce answered 503');
    };
    await expect(zendeskRun({ directory: failing })).rejects.toThrow('503');
    expect(rows().filter((r) => r.Status__c === 'Deactivated')).toHaveLength(0);
    const [run] = salesforce.org.query(
      "SELECT Status__c, Message__c FROM User_Sync_Run__c WHERE Status__c = 'Failed'",
    );
    expect(run.Message__c).toContain('503');
  });

  it('writes large runs through Bulk API 2.0 jobs past the threshold, and reports their failures per row', async () => {
    const team = seedTeam(1200);
    // One row already holds a Salesforce user another source user will be linked to: not a failure.
    const policy = { bulkAfterRows: 200, bulkJobRows: 400, bulkMinRows: 300 };
    salesforce.org.resetCounters();
    const summary = await zendeskRun({ writePolicy: policy });
    expect(summary.counts.created).toBe(1200);
    expect(rows()).toHaveLength(1200);
    // 200 rows by collections (1 call), then jobs of 400, 400 and 200 (the last one by collections).
    expect(salesforce.org.counters.byKind.collections).toBe(2);
    expect(salesforce.org.counters.byKind.bulk).toBeGreaterThanOrEqual(2 * 4);
    expect(row(team[700].id)).toMatchObject({ Name: 'Agent 700', Status__c: 'Pending' });

    // A row the bulk job refuses is reported on that row; the others land.
    for (const u of team) zendesk.state.updateUser(u.id, { name: `${u.name}!` });
    zendesk.state.updateUser(team[900].id, { name: 'x'.repeat(100) });
    const second = await zendeskRun({ writePolicy: policy });
    expect(second.errors).toEqual([
      { sourceKey: `zendesk:${team[900].id}`, reason: expect.stringContaining('STRING_TOO_LONG') },
    ]);
    expect(second.counts).toMatchObject({ renamed: 1200, failed: 1 });
    expect(row(team[901].id).Name).toBe('Agent 901!');
  });

  describe('Intercom', () => {
    let intercom: IntercomSandbox;
    beforeEach(async () => {
      intercom = await startIntercomSandbox();
    });
    afterEach(() => intercom.close());

    it('imports teammates and deactivates one removed from the workspace', async () => {
      const ann = intercom.state.addAdmin({ name: 'Ann', email: 'ann@acme.test' });
      const bob = intercom.state.addAdmin({ name: 'Bob', email: 'bob@acme.test' });
      for (let i = 0; i < 5; i++) intercom.state.addAdmin({ name: `Mate ${i}`, email: `mate${i}@acme.test` });
      const client = new IntercomClient({
        accessToken: DEFAULT_ACCESS_TOKEN,
        baseUrl: intercom.url,
        logger: silentLogger(),
        sleep: noSleep,
      });
      const run = () =>
        runSync({
          settings: settings({ source: 'intercom' }),
          trigger: 'Manual',
          listing: intercomListing(() => client.listTeammates(), null),
          directory,
          lock,
          logger: silentLogger(),
        });
      expect((await run()).counts.created).toBeGreaterThanOrEqual(7);
      intercom.state.removeAdmin(bob.id);
      const second = await run();
      expect(second.counts.deactivated).toBe(1);
      const key = (id: string) => rows().find((r) => r.Source_Key__c === `intercom:${id}`)!;
      expect(key(bob.id).Status__c).toBe('Deactivated');
      expect(key(ann.id).Status__c).toBe('Pending');
    });
  });
});
