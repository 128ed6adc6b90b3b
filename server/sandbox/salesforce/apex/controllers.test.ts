import { startSalesforceSandbox, type SalesforceSandbox } from '../server';
import type { Org } from '../org';
import { callApex, type ApexOutcome } from './index';
import { ApexException, createContext } from './runtime';
import { waitFor } from '../../../test/wait-for';
import { NO_ACTIVATE_USERS_MESSAGE, NO_MANAGE_INTEGRATIONS_MESSAGE } from './access';

/** The Apex controllers as Lightning calls them, on an org built from force-app's own metadata. */
describe('the User Sync controllers on the sandbox org', () => {
  let sandbox: SalesforceSandbox;
  let org: Org;
  let admin: string;
  let activator: string;
  let reader: string;

  beforeEach(async () => {
    sandbox = await startSalesforceSandbox({
      licenses: [{ name: 'Salesforce Platform', key: 'AUL', total: 1, profiles: ['Standard Platform User'] }],
    });
    org = sandbox.org as Org;
    admin = org.adminUserId;
    org.assignPermissionSet(org.adminUsername, 'User_Sync_Full_Admin');
    // A second System Administrator who may activate users but not manage the integrations.
    activator = org.addUser({
      FirstName: 'Sam',
      LastName: 'Lead',
      Email: 'sam@acme.test',
      ProfileId: org.profileIds.get('System Administrator'),
    });
    org.assignPermissionSet('sam@acme.test', 'User_Sync_Activate_Users');
    // A Standard User with the activation set only: no object access beyond it.
    reader = org.addUser({ LastName: 'Reader', Email: 'reader@acme.test' });
    org.assignPermissionSet('reader@acme.test', 'User_Sync_Activate_Users');
  });
  afterEach(() => sandbox.close());

  const call = (userId: string, cls: string, method: string, params: Record<string, unknown> = {}) =>
    callApex(org, userId, cls, method, params);
  const value = <T = unknown>(outcome: ApexOutcome): T => {
    if (!outcome.ok) throw new Error(`${outcome.error.exceptionType}: ${outcome.error.message}`);
    return outcome.returnValue as T;
  };
  const commands = () => org.events('User_Sync_Command__e').map((e) => e.payload);
  const row = (fields: Record<string, unknown>) =>
    org.insert('External_User__c', [
      {
        Source__c: 'Zendesk',
        Status__c: 'Pending',
        Source_User_Id__c: '1',
        Source_Key__c: 'zendesk:1',
        ...fields,
      },
    ])[0];

  it('saves a cron schedule in its time zone, and refuses a bad expression or zone naming them', () => {
    const settings = { roles: ['agent'], scheduleHours: 6 };
    const refused = call(admin, 'UserSyncSourcesController', 'saveSettings', {
      source: 'zendesk',
      settings: { ...settings, scheduleCron: '0 25 * * *', scheduleTimeZone: 'Mars/Olympus' },
    });
    expect(refused).toMatchObject({
      ok: false,
      error: {
        message:
          'Schedule: "0 25 * * *" is not a cron expression: "25" is not a valid hour (minute hour day-of-month month day-of-week). ' +
          'Schedule: "Mars/Olympus" is not a time zone: use an IANA name such as Europe/Paris or America/New_York, or leave it blank for UTC.',
      },
    });
    expect(org.query('SELECT Id FROM User_Sync_Source__c')).toHaveLength(0);

    const view = value<{ settings: Record<string, unknown>; nextRuns: string | null }>(
      call(admin, 'UserSyncSourcesController', 'saveSettings', {
        source: 'zendesk',
        settings: { ...settings, scheduleCron: ' 0  2 * * 1-5 ', scheduleTimeZone: ' Europe/Paris ' },
      }),
    );
    expect(view.settings).toMatchObject({ scheduleCron: '0 2 * * 1-5', scheduleTimeZone: 'Europe/Paris' });
    expect(org.query('SELECT Schedule_Cron__c, Schedule_Time_Zone__c FROM User_Sync_Source__c')).toEqual([
      expect.objectContaining({ Schedule_Cron__c: '0 2 * * 1-5', Schedule_Time_Zone__c: 'Europe/Paris' }),
    ]);
    expect(commands()).toEqual([
      expect.objectContaining({ Command__c: 'SETTINGS_CHANGED', Source__c: 'zendesk' }),
    ]);
  });

  it('connects Zendesk: saves the normalised subdomain and publishes CONNECT as the admin', () => {
    const view = value(
      call(admin, 'UserSyncSourcesController', 'connect', {
        source: 'zendesk',
        subdomain: 'https://ACME.zendesk.com/agent',
      }),
    );
    expect(view).toMatchObject({ source: 'zendesk', connection: { subdomain: 'acme', connected: false } });
    expect(commands()).toEqual([
      expect.objectContaining({ Command__c: 'CONNECT', Source__c: 'zendesk', CreatedById: admin }),
    ]);
    const bad = call(admin, 'UserSyncSourcesController', 'connect', {
      source: 'zendesk',
      subdomain: '-acme',
    });
    expect(bad).toMatchObject({
      ok: false,
      status: 500,
      error: { exceptionType: 'System.AuraHandledException' },
    });
    expect(!bad.ok && bad.error.message).toMatch(/^Enter the Zendesk subdomain/);
  });

  it('refuses every change to a user without User_Sync_Manage_Integrations, with the message, and publishes nothing', () => {
    for (const [method, params] of [
      ['connect', { source: 'zendesk', subdomain: 'acme' }],
      ['enable', { source: 'zendesk' }],
      ['preview', { source: 'zendesk' }],
    ] as const) {
      const outcome = call(activator, 'UserSyncSourcesController', method, params);
      expect(outcome).toMatchObject({ ok: false, error: { message: NO_MANAGE_INTEGRATIONS_MESSAGE } });
    }
    expect(commands()).toEqual([]);
    // Reading is allowed: the class is reachable and the profile reads everything.
    expect(value<unknown[]>(call(activator, 'UserSyncSourcesController', 'getSources'))).toHaveLength(2);
  });

  it('refuses a class the user has no access to, as Lightning does', () => {
    expect(call(reader, 'UserSyncSourcesController', 'getSources')).toMatchObject({
      ok: false,
      status: 403,
      error: { message: "You do not have access to the Apex class named 'UserSyncSourcesController'." },
    });
  });

  it('runs in user mode: an unreadable object or field ends in a QueryException, a write without access is refused', () => {
    row({ Name: 'Ann Agent', Email__c: 'ann@acme.test' });
    // The reader holds the activation set but no read access on User's iAdvize fields or on runs.
    const outcome = call(reader, 'UserSyncPendingUsersController', 'getPendingUsers', {
      source: 'zendesk',
      status: 'Pending',
    });
    expect(value<Array<{ name: string }>>(outcome).map((r) => r.name)).toEqual(['Ann Agent']);
    const ctx = createContext(org, reader);
    expect(() => ctx.query('SELECT Id, IAdvize_Sync_Status__c FROM User')).toThrow(
      'Insufficient permissions: secure query included inaccessible field (User.IAdvize_Sync_Status__c)',
    );
    expect(() => ctx.query('SELECT Id FROM User_Sync_Run__c')).toThrow(ApexException);
    // Writes in user mode: the set lets the reader edit a row's status, not create rows or users.
    expect(ctx.insert('External_User__c', [{ Name: 'X', Source__c: 'Zendesk' }])[0]).toMatchObject({
      success: false,
      errors: [expect.objectContaining({ statusCode: 'INSUFFICIENT_ACCESS_OR_READONLY' })],
    });
    expect(ctx.insert('User', [{ LastName: 'New', Email: 'new@acme.test' }])[0].success).toBe(false);
    org.permissions.assign(reader, 'User_Sync_Admin');
    expect(ctx.query('SELECT Id, IAdvize_Sync_Status__c FROM User').length).toBeGreaterThan(0);
  });

  it('creates users with the licences left, refuses a shortfall before inserting, and links rows a moment later', async () => {
    const ann = row({ Name: 'Ann Agent', Email__c: 'ann@acme.test' });
    const bob = row({
      Name: 'Bob Agent',
      Email__c: 'bob@acme.test',
      Source_User_Id__c: '2',
      Source_Key__c: 'zendesk:2',
    });
    const profiles = value<Array<{ id: string; label: string; licencesLeft: number }>>(
      call(admin, 'UserSyncPendingUsersController', 'getProfiles'),
    );
    const platform = profiles.find((p) => p.label.startsWith('Standard Platform User'))!;
    expect(platform).toMatchObject({
      label: 'Standard Platform User (Salesforce Platform: 1 licences left)',
      licencesLeft: 1,
    });
    const drafts = value<Array<Record<string, unknown>>>(
      call(admin, 'UserSyncPendingUsersController', 'proposeNewUsers', { externalUserIds: [ann, bob] }),
    );
    expect(drafts.map((d) => [d.firstName, d.lastName, d.username, d.alias])).toEqual([
      ['Ann', 'Agent', 'ann@acme.test', 'aagent'],
      ['Bob', 'Agent', 'bob@acme.test', 'bagent'],
    ]);
    const settings = { profileId: platform.id };
    const refused = call(admin, 'UserSyncPendingUsersController', 'createUsers', { settings, users: drafts });
    expect(!refused.ok && refused.error.message).toBe(
      'Not enough Salesforce Platform licences: 2 users to create, 1 left. Nothing was created: free licences, choose another profile or select fewer users.',
    );
    expect(org.query("SELECT Id FROM User WHERE Email = 'ann@acme.test'")).toEqual([]);

    const created = value<Array<{ recordId: string; success: boolean; message: string }>>(
      call(activator, 'UserSyncPendingUsersController', 'createUsers', { settings, users: [drafts[0]] }),
    );
    expect(created).toEqual([{ recordId: ann, success: true, message: 'Salesforce user created; linking…' }]);
    const [annUser] = org.query(
      "SELECT Id, ProfileId, CreatedById FROM User WHERE Username = 'ann@acme.test'",
    );
    expect(annUser).toMatchObject({ ProfileId: platform.id, CreatedById: activator });
    // The Queueable links the row a moment later (User is a setup object).
    expect(org.get('External_User__c', ann)).toMatchObject({ Status__c: 'Pending', User__c: null });
    await waitFor(() => org.get('External_User__c', ann)?.Status__c === 'Active', 'the row linked');
    expect(org.get('External_User__c', ann)).toMatchObject({
      User__c: annUser.Id,
      Activated_By_Admin__c: true,
    });

    const none = call(admin, 'UserSyncPendingUsersController', 'createUsers', {
      settings,
      users: [drafts[1]],
    });
    expect(!none.ok && none.error.message).toMatch(
      /^Not enough Salesforce Platform licences: 1 user to create, 0 left\./,
    );
  });

  it('activation needs User_Sync_Activate_Users', () => {
    const ann = row({ Name: 'Ann Agent', Email__c: 'ann@acme.test' });
    org.permissions.assign(admin, 'User_Sync_Manage_Integrations');
    const outsider = org.addUser({
      LastName: 'Outsider',
      Email: 'out@acme.test',
      ProfileId: org.profileIds.get('System Administrator'),
    });
    const outcome = call(outsider, 'UserSyncPendingUsersController', 'linkUsers', {
      links: [{ externalUserId: ann, userId: admin }],
    });
    expect(outcome).toMatchObject({ ok: false, error: { message: NO_ACTIVATE_USERS_MESSAGE } });
  });
});
