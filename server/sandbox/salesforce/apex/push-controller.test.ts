import { startSalesforceSandbox, type SalesforceSandbox } from '../server';
import type { Org } from '../org';
import { callApex, type ApexOutcome } from './index';
import { NO_MANAGE_INTEGRATIONS_MESSAGE } from './access';
import { PREVIEW_FIRST_MESSAGE, WRITE_ACCESS_MESSAGE, customKey, segmentHash } from './push-rules';

interface PushView {
  id: string;
  enabled: boolean;
  segmentCounted: boolean;
  settings: Record<string, unknown>;
  mappings: Array<{ id: string; salesforceField: string; kind: string; target: string; mode: string }>;
  latestRun: { status: string; counts: Array<{ label: string; value: string }> } | null;
  latestPreview: {
    sample: Array<{ key: string; attributes: Array<{ label: string; value: string }> }>;
  } | null;
}

/** The Push tab's controller as Lightning calls it, on an org built from force-app's own metadata. */
describe('UserSyncPushController on the sandbox org', () => {
  let sandbox: SalesforceSandbox;
  let org: Org;
  let manager: string;
  let reader: string;

  beforeEach(async () => {
    sandbox = await startSalesforceSandbox();
    org = sandbox.org as Org;
    // A Standard User given the app's permission sets: field-level security applies to them.
    manager = org.addUser({ LastName: 'Manager', Email: 'manager@acme.test' });
    org.assignPermissionSet('manager@acme.test', 'User_Sync_Full_Admin');
    reader = org.addUser({ LastName: 'Reader', Email: 'reader@acme.test' });
    org.assignPermissionSet('reader@acme.test', 'User_Sync_Activate_Users');
    org.insert('User_Sync_Source__c', [
      {
        Name: 'Zendesk',
        Source__c: 'zendesk',
        Zendesk_Subdomain__c: 'acme',
        Connection_Status__c: 'Connected to acme.zendesk.com',
        Granted_Scope__c: 'read write',
      },
    ]);
  });
  afterEach(() => sandbox.close());

  const call = (userId: string, method: string, params: Record<string, unknown> = {}) =>
    callApex(org, userId, 'UserSyncPushController', method, params);
  const value = <T = unknown>(outcome: ApexOutcome): T => {
    if (!outcome.ok) throw new Error(`${outcome.error.exceptionType}: ${outcome.error.message}`);
    return outcome.returnValue as T;
  };
  const message = (outcome: ApexOutcome) => (outcome.ok ? undefined : outcome.error.message);
  const commands = () => org.events('User_Sync_Command__e').map((e) => e.payload);
  const settings = (extra: Record<string, unknown> = {}) => ({
    name: 'Support team',
    segment: ' IsActive = true ',
    matchKey: 'Email',
    insertMode: false,
    scheduleHours: 12,
    ...extra,
  });
  const tierMapping = { salesforceField: 'Department', kind: 'Custom attribute', target: null, mode: 'Set' };

  it('saves a push and its mappings, derives a custom key, and tells the companion PUSH_CHANGED', () => {
    const saved = value<PushView>(
      call(manager, 'savePush', { settings: settings(), mappings: [tierMapping] }),
    );
    expect(saved.settings).toMatchObject({
      name: 'Support team',
      segment: 'IsActive = true',
      scheduleHours: 12,
    });
    expect(saved.mappings).toEqual([
      expect.objectContaining({
        salesforceField: 'Department',
        target: customKey('Department'),
        mode: 'Set',
      }),
    ]);
    expect(saved.mappings[0].target).toBe('department');
    expect(saved.enabled).toBe(false);
    expect(commands()).toEqual([
      expect.objectContaining({ Command__c: 'PUSH_CHANGED', Source__c: 'zendesk', Push_Id__c: saved.id }),
    ]);
  });

  it("saves an existing push as a permission-set admin although the companion's fields are read-only to them", () => {
    const first = value<PushView>(
      call(manager, 'savePush', { settings: settings(), mappings: [tierMapping] }),
    );
    // The companion counted the segment: a field the admin may read but not edit.
    org.update('User_Sync_Push__c', [
      { Id: first.id, Segment_Checked__c: segmentHash('IsActive = true'), Segment_Count__c: 3 },
    ]);
    const again = value<PushView>(
      call(manager, 'savePush', {
        settings: settings({ id: first.id, name: 'Support agents' }),
        mappings: [{ ...tierMapping, id: first.mappings[0].id, mode: 'Only if empty' }],
      }),
    );
    expect(again).toMatchObject({ id: first.id, segmentCounted: true, settings: { name: 'Support agents' } });
    expect(again.mappings).toEqual([
      expect.objectContaining({ id: first.mappings[0].id, mode: 'Only if empty' }),
    ]);
  });

  it('deletes the mappings left out of a save', () => {
    const first = value<PushView>(
      call(manager, 'savePush', {
        settings: settings(),
        mappings: [tierMapping, { salesforceField: 'Phone', kind: 'Standard', target: 'phone', mode: 'Set' }],
      }),
    );
    const phone = first.mappings.find((m) => m.target === 'phone');
    const again = value<PushView>(
      call(manager, 'savePush', { settings: settings({ id: first.id }), mappings: [phone] }),
    );
    expect(again.mappings.map((m) => m.target)).toEqual(['phone']);
    expect(org.query('SELECT Id FROM User_Sync_Push_Mapping__c')).toHaveLength(1);
  });

  it('saves a cron schedule in its time zone, and refuses a bad one naming it', () => {
    const refused = call(manager, 'savePush', {
      settings: settings({ scheduleCron: '0 2 * *', scheduleTimeZone: 'Paris' }),
      mappings: [],
    });
    expect(message(refused)).toBe(
      'Schedule: "0 2 * *" is not a cron expression: write five fields (minute hour day-of-month month day-of-week), for example "0 2 * * *" for 02:00 every day. ' +
        'Schedule: "Paris" is not a time zone: use an IANA name such as Europe/Paris or America/New_York, or leave it blank for UTC.',
    );
    expect(org.query('SELECT Id FROM User_Sync_Push__c')).toHaveLength(0);

    const push = value<PushView>(
      call(manager, 'savePush', {
        settings: settings({ scheduleCron: ' 30  1 * * * ', scheduleTimeZone: ' America/New_York ' }),
        mappings: [],
      }),
    );
    expect(push.settings).toMatchObject({ scheduleCron: '30 1 * * *', scheduleTimeZone: 'America/New_York' });
    expect(org.query('SELECT Schedule_Cron__c, Schedule_Time_Zone__c FROM User_Sync_Push__c')).toEqual([
      expect.objectContaining({ Schedule_Cron__c: '30 1 * * *', Schedule_Time_Zone__c: 'America/New_York' }),
    ]);
  });

  it('names every problem of a push that cannot be saved, and saves nothing', () => {
    const outcome = call(manager, 'savePush', {
      settings: settings({
        name: ' ',
        matchKey: 'External ID',
        externalIdField: 'Nope__c',
        scheduleHours: 0,
      }),
      mappings: [
        { salesforceField: 'Secret__c', kind: 'Standard', target: 'shoe_size', mode: 'Always' },
        { salesforceField: 'Phone', kind: 'Standard', target: 'phone', mode: 'Set' },
        { salesforceField: 'MobilePhone', kind: 'Standard', target: 'phone', mode: 'Set' },
      ],
    });
    expect(message(outcome)).toBe(
      [
        'Give the push a name.',
        'Choose the User field that holds the external id.',
        'Schedule must be between 1 and 999 hours.',
        '"Secret__c" is not a User field you can read.',
        'Mode must be Set or Only if empty.',
        '"shoe_size" is not a Zendesk user attribute.',
        'phone is mapped twice.',
      ].join(' '),
    );
    expect(org.query('SELECT Id FROM User_Sync_Push__c')).toHaveLength(0);
    expect(commands()).toEqual([]);
  });

  it('enables only a push whose segment was counted as it stands, and only with write access', () => {
    const push = value<PushView>(call(manager, 'savePush', { settings: settings(), mappings: [] }));
    expect(message(call(manager, 'enable', { pushId: push.id }))).toBe(PREVIEW_FIRST_MESSAGE);

    value(call(manager, 'preview', { pushId: push.id }));
    expect(commands().at(-1)).toMatchObject({ Command__c: 'PUSH_PREVIEW', Push_Id__c: push.id });
    org.update('User_Sync_Push__c', [{ Id: push.id, Segment_Checked__c: segmentHash('IsActive = true') }]);
    org.update('User_Sync_Source__c', [
      { Id: org.query('SELECT Id FROM User_Sync_Source__c')[0].Id, Granted_Scope__c: 'read' },
    ]);
    expect(message(call(manager, 'enable', { pushId: push.id }))).toBe(WRITE_ACCESS_MESSAGE);
    expect(message(call(manager, 'runNow', { pushId: push.id }))).toBe(
      'Enable Support team before running it.',
    );

    org.update('User_Sync_Source__c', [
      { Id: org.query('SELECT Id FROM User_Sync_Source__c')[0].Id, Granted_Scope__c: 'read write' },
    ]);
    expect(value<PushView>(call(manager, 'enable', { pushId: push.id })).enabled).toBe(true);
    value(call(manager, 'runNow', { pushId: push.id }));
    expect(commands().slice(-2)).toEqual([
      expect.objectContaining({ Command__c: 'PUSH_CHANGED', Push_Id__c: push.id }),
      expect.objectContaining({ Command__c: 'PUSH_RUN_NOW', Push_Id__c: push.id }),
    ]);
    // A segment edited after the count must be counted again before it can be enabled.
    value(call(manager, 'disable', { pushId: push.id }));
    value(
      call(manager, 'savePush', {
        settings: settings({ id: push.id, segment: 'IsActive = false' }),
        mappings: [],
      }),
    );
    expect(message(call(manager, 'enable', { pushId: push.id }))).toBe(PREVIEW_FIRST_MESSAGE);
  });

  it('shows the latest activation and preview, counts labelled and the sample typed', () => {
    const push = value<PushView>(call(manager, 'savePush', { settings: settings(), mappings: [] }));
    org.insert('User_Sync_Push_Run__c', [
      {
        Push__c: push.id,
        Status__c: 'Succeeded',
        Trigger__c: 'Schedule',
        In_Segment_Count__c: 3,
        Updated_Count__c: 2,
      },
      {
        Push__c: push.id,
        Status__c: 'Preview',
        Trigger__c: 'Preview',
        Sample__c: JSON.stringify([{ userId: '005x', key: 'ana@acme.test', attributes: { notes: 'VIP' } }]),
      },
    ]);
    const [view] = value<{ pushes: PushView[] }>(call(manager, 'getPushTab')).pushes;
    expect(view.latestRun).toMatchObject({ status: 'Succeeded' });
    expect(view.latestRun?.counts.slice(0, 3)).toEqual([
      { label: 'In the segment', value: '3' },
      { label: 'Inserted', value: '0' },
      { label: 'Updated', value: '2' },
    ]);
    expect(view.latestPreview?.sample).toEqual([
      expect.objectContaining({ key: 'ana@acme.test', attributes: [{ label: 'notes', value: '"VIP"' }] }),
    ]);
  });

  it('asks for write access on the next Zendesk connection', () => {
    value(call(manager, 'reconnectWithWriteAccess'));
    expect(org.query('SELECT Zendesk_Write_Access__c FROM User_Sync_Source__c')[0]).toMatchObject({
      Zendesk_Write_Access__c: true,
    });
    expect(commands()).toEqual([expect.objectContaining({ Command__c: 'CONNECT', Source__c: 'zendesk' })]);
    expect(value<{ zendesk: Record<string, unknown> }>(call(manager, 'getPushTab')).zendesk).toMatchObject({
      connected: true,
      canWrite: true,
      writeAccessRequested: true,
    });
  });

  it('refuses every change to a user without User_Sync_Manage_Integrations', () => {
    for (const method of ['savePush', 'enable', 'disable', 'runNow', 'preview', 'reconnectWithWriteAccess']) {
      const outcome = call(reader, method, { settings: settings(), mappings: [], pushId: null });
      expect(outcome.ok).toBe(false);
      // No access to the class at all, or the permission check's message.
      expect([
        NO_MANAGE_INTEGRATIONS_MESSAGE,
        "You do not have access to the Apex class named 'UserSyncPushController'.",
      ]).toContain(message(outcome));
    }
    expect(commands()).toEqual([]);
  });
});
