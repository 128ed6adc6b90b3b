import { waitFor } from '../../test/wait-for';
import { SchedulerWorld } from './test-scheduler';

describe('settings a run cannot use are answered on the settings record, and no run starts', () => {
  const world = new SchedulerWorld();
  afterEach(() => world.close());

  it.each([
    ['Foo__c', 'is not a field of the Salesforce User'],
    ['Email) OR (Id != null', 'is not a field of the Salesforce User'],
    ['IsActive', 'cannot hold an identifier'],
  ])('refuses Match_User_Field__c %s', async (field, reason) => {
    await world.open(5, { Match_User_Field__c: field, Sync_Message__c: 'an older, unrelated problem' });
    await world.start();
    await waitFor(() => String(world.settings().Sync_Message__c).includes(reason), 'the refusal');
    expect(world.settings().Sync_Message__c).toContain(`"${field}"`);
    expect(world.runs()).toHaveLength(0);
    expect(world.rows()).toHaveLength(0);
  });

  it('runs with a User field that can hold an identifier, and clears an old complaint', async () => {
    await world.open(5, { Match_User_Field__c: 'FederationIdentifier', Sync_Message__c: 'old problem' });
    await world.start();
    await waitFor(() => world.runs()[0]?.Status__c === 'Succeeded', 'the run');
    await world.scheduler!.whenIdle();
    expect(world.settings().Sync_Message__c ?? null).toBeNull();
    expect(world.rows()).toHaveLength(5);
  });

  it('refuses a bad Zendesk subdomain without OAuth, replacing an older message', async () => {
    await world.open(5, {
      Zendesk_Subdomain__c: 'evil.com/',
      Sync_Message__c: 'an older, unrelated problem',
    });
    await world.start();
    await waitFor(
      () => String(world.settings().Sync_Message__c).startsWith('Zendesk subdomain:'),
      'the refusal',
    );
    expect(world.runs()).toHaveLength(0);
  });
});

describe('the connection status after a run', () => {
  const world = new SchedulerWorld();
  afterEach(() => world.close());

  it('says the connection works after a complete listing, replacing an older error', async () => {
    await world.open(5, { Connection_Status__c: 'Zendesk is not connected: authorise it (Connect).' });
    await world.start();
    await waitFor(() => world.runs()[0]?.Status__c === 'Succeeded', 'the run');
    await world.scheduler!.whenIdle();
    expect(world.settings().Connection_Status__c).toMatch(
      /^Connected to acme\.zendesk\.com; last listed \d{4}-\d\d-\d\d \d\d:\d\d UTC\.$/,
    );
  });

  it('an Intercom token refused mid-run says "connect again" on the record, as Zendesk does', async () => {
    await world.open(0, { Enabled__c: false });
    const [intercomId] = world.stack.salesforce.org.insert('User_Sync_Source__c', [
      { Name: 'Intercom', Source__c: 'intercom', Enabled__c: true, Intercom_Region__c: 'US' },
    ]);
    world.stack.intercom.state.revokeAccessTokens();
    await world.start();
    await waitFor(() => world.runs().some((r) => r.Status__c === 'Failed'), 'the failed run');
    await world.scheduler!.whenIdle();
    const record = world.stack.salesforce.org.get('User_Sync_Source__c', intercomId)!;
    expect(record.Connection_Status__c).toBe(
      'Intercom refused the stored authorization: click Connect to connect again. [OAUTH_RECONNECT_REQUIRED]',
    );
  });
});
