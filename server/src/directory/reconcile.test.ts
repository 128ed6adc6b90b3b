import { splitName } from './names';
import { reconcile, type ReconcileInput } from './reconcile';
import { agent, NOW, rowOf, sfUser } from './test-fixtures';
import type { ReconcileSettings } from './types';

const settings = (over: Partial<ReconcileSettings> = {}): ReconcileSettings => ({
  source: 'zendesk',
  updateLinkedUserNames: false,
  deactivateLinkedUsers: false,
  deactivationThreshold: 0.2,
  complete: true,
  ...over,
});
const run = (over: Partial<ReconcileInput>) =>
  reconcile({
    users: [],
    unreadable: [],
    rows: [],
    salesforceUsers: [],
    settings: settings(),
    now: NOW,
    ...over,
  });

describe('reconcile', () => {
  it('imports new team users as Pending rows keyed by source', () => {
    const plan = run({ users: [agent(1), agent(2)] });
    expect(plan.counts).toMatchObject({ created: 2, unchanged: 0 });
    expect(plan.writes[0]).toEqual({
      change: 'created',
      row: expect.objectContaining({
        Source_Key__c: 'zendesk:1',
        Source__c: 'Zendesk',
        Name: 'Agent 1',
        Status__c: 'Pending',
        User__c: null,
      }),
    });
  });

  it('links a new user to the Salesforce user with the same email (Active), or the primary identifier first', () => {
    const byEmail = run({
      users: [agent(1, { email: 'Agent1@Example.com' })],
      salesforceUsers: [sfUser('005A', 'agent1@example.com', { matchValue: 'x' })],
    });
    expect(byEmail.writes[0].row).toMatchObject({ Status__c: 'Active', User__c: '005A' });
    const byIdentifier = run({
      users: [agent(1, { primaryIdentifier: 'jdoe' })],
      salesforceUsers: [
        sfUser('005A', 'agent1@example.com'),
        sfUser('005B', 'other@example.com', { matchValue: 'JDOE' }),
      ],
    });
    expect(byIdentifier.writes[0].row.User__c).toBe('005B');
  });

  it('never links when two source users share an email, and reports both', () => {
    const plan = run({
      users: [agent(1, { email: 'team@example.com' }), agent(2, { email: 'team@example.com' })],
      salesforceUsers: [sfUser('005A', 'team@example.com')],
    });
    expect(plan.writes.map((w) => w.row.User__c)).toEqual([null, null]);
    expect(plan.errors.map((e) => e.sourceKey)).toEqual(['zendesk:1', 'zendesk:2']);
    expect(plan.errors[0].reason).toContain('share the email team@example.com');
  });

  it('links one Salesforce user to one row at most', () => {
    const existing = rowOf(agent(1), { status: 'Active', userId: '005A' });
    const plan = run({
      users: [agent(1), agent(2, { primaryIdentifier: 'agent1@example.com' })],
      rows: [existing],
      salesforceUsers: [sfUser('005A', 'agent1@example.com')],
    });
    expect(plan.writes.find((w) => w.row.Source_Key__c === 'zendesk:2')!.row.User__c).toBeNull();
    expect(plan.errors[0].reason).toContain('already linked to zendesk:1');
  });

  it('writes nothing for unchanged users: writes follow the changes, not the directory size', () => {
    const users = Array.from({ length: 500 }, (_, i) => agent(i + 1));
    const rows = users.map((u) => rowOf(u));
    users[7] = { ...users[7], name: 'Renamed Seven' };
    users[9] = { ...users[9], role: 'admin' };
    const plan = run({ users, rows });
    expect(plan.writes.map((w) => [w.change, w.row.Source_Key__c])).toEqual([
      ['renamed', 'zendesk:8'],
      ['renamed', 'zendesk:10'],
    ]);
    expect(plan.counts).toMatchObject({ renamed: 2, unchanged: 498 });
  });

  it('renames the linked Salesforce user only when the option is on', () => {
    const row = rowOf(agent(1), { status: 'Active', userId: '005A' });
    const renamed = [agent(1, { name: 'Mary Ann Smith' })];
    expect(run({ users: renamed, rows: [row] }).userUpdates).toEqual([]);
    expect(
      run({ users: renamed, rows: [row], settings: settings({ updateLinkedUserNames: true }) }).userUpdates,
    ).toEqual([{ Id: '005A', FirstName: 'Mary Ann', LastName: 'Smith' }]);
  });

  it('deactivates users gone, inactive or suspended at the source, remembering the status they had', () => {
    const users = Array.from({ length: 10 }, (_, i) => agent(i + 1));
    const rows = users.map((u, i) =>
      rowOf(u, i === 0 ? { status: 'Active', userId: '005A', activatedByAdmin: true } : {}),
    );
    const listed = users
      .slice(1)
      .map((u, i) => (i === 0 ? { ...u, active: false, inactiveReason: 'suspended in Zendesk' } : u));
    const plan = run({ users: listed, rows, settings: settings({ deactivateLinkedUsers: true }) });
    expect(plan.counts.deactivated).toBe(2);
    const gone = plan.writes.find((w) => w.row.Source_Key__c === 'zendesk:1')!.row;
    expect(gone).toMatchObject({
      Status__c: 'Deactivated',
      Status_Before_Deactivation__c: 'Active',
      Deactivated_At__c: NOW.toISOString(),
    });
    expect(gone.Deactivation_Reason__c).toContain('no longer listed');
    expect(plan.writes.find((w) => w.row.Source_Key__c === 'zendesk:2')!.row.Deactivation_Reason__c).toBe(
      'suspended in Zendesk',
    );
    expect(plan.userUpdates).toEqual([{ Id: '005A', IsActive: false }]);
  });

  it('reactivates a user who comes back, to the status it had before', () => {
    const back = agent(1);
    const row = rowOf(back, { status: 'Deactivated', statusBeforeDeactivation: 'Active', userId: '005A' });
    const plan = run({ users: [back], rows: [row] });
    expect(plan.writes).toEqual([
      {
        change: 'reactivated',
        row: expect.objectContaining({ Status__c: 'Active', User__c: '005A', Deactivated_At__c: null }),
      },
    ]);
    expect(plan.counts.reactivated).toBe(1);
  });

  it('keeps a row the admin activated Active while the source keeps the user', () => {
    const row = rowOf(agent(1), { status: 'Active', userId: '005A', activatedByAdmin: true });
    const plan = run({ users: [agent(1, { name: 'New Name' })], rows: [row] });
    expect(plan.writes[0].row).toMatchObject({ Status__c: 'Active', User__c: '005A', Name: 'New Name' });
  });

  it('deactivates nobody after an incomplete listing', () => {
    const users = Array.from({ length: 10 }, (_, i) => agent(i + 1));
    const plan = run({
      users: users.slice(0, 3),
      rows: users.map((u) => rowOf(u)),
      settings: settings({ complete: false }),
    });
    expect(plan.counts.deactivated).toBe(0);
    expect(plan.writes).toEqual([]);
  });

  it('holds a mass deactivation above the threshold until an admin confirms it', () => {
    const users = Array.from({ length: 10 }, (_, i) => agent(i + 1));
    const rows = users.map((u) => rowOf(u));
    const held = run({ users: users.slice(0, 7), rows });
    expect(held.held.map((r) => r.Source_Key__c)).toEqual(['zendesk:8', 'zendesk:9', 'zendesk:10']);
    expect(held.counts.deactivated).toBe(0);
    expect(held.writes).toEqual([]);
    const confirmed = run({
      users: users.slice(0, 7),
      rows,
      settings: settings({ confirmed: new Set(held.held.map((r) => r.Source_Key__c)) }),
    });
    expect(confirmed.counts.deactivated).toBe(3);
    expect(confirmed.held).toEqual([]);
    expect(run({ users: users.slice(0, 8), rows }).counts.deactivated).toBe(2); // 20 % is not more than 20 %
  });

  it('a confirmation deactivates only what the held run listed, and only if still absent', () => {
    const users = Array.from({ length: 20 }, (_, i) => agent(i + 1));
    const rows = users.map((u) => rowOf(u));
    // Held: 5 of 20 gone. Then one of them comes back and 5 more go before the admin confirms.
    const held = run({ users: users.slice(0, 15), rows });
    expect(held.held).toHaveLength(5);
    const reviewed = new Set(held.held.map((r) => r.Source_Key__c));
    const now = [...users.slice(0, 10), users[15]];
    const confirmed = run({ users: now, rows, settings: settings({ confirmed: reviewed }) });
    const deactivated = confirmed.writes
      .filter((w) => w.change === 'deactivated')
      .map((w) => w.row.Source_Key__c);
    expect(deactivated.sort()).toEqual(['zendesk:17', 'zendesk:18', 'zendesk:19', 'zendesk:20']);
    // The 5 removed since were never reviewed: above the threshold, they are held in turn.
    expect(confirmed.held.map((r) => r.Source_Key__c)).toEqual([
      'zendesk:11',
      'zendesk:12',
      'zendesk:13',
      'zendesk:14',
      'zendesk:15',
    ]);
    expect(confirmed.counts.deactivated).toBe(4);
  });

  it('a confirmation with few new removals applies them too, under the usual threshold', () => {
    const users = Array.from({ length: 20 }, (_, i) => agent(i + 1));
    const rows = users.map((u) => rowOf(u));
    const reviewed = new Set(run({ users: users.slice(0, 15), rows }).held.map((r) => r.Source_Key__c));
    const confirmed = run({ users: users.slice(0, 14), rows, settings: settings({ confirmed: reviewed }) });
    expect(confirmed.counts.deactivated).toBe(6);
    expect(confirmed.held).toEqual([]);
  });

  it('does not import inactive users and counts unreadable records as failed', () => {
    const plan = run({
      users: [agent(1, { active: false })],
      unreadable: [{ sourceKey: 'zendesk:99', reason: 'email: Invalid email' }],
    });
    expect(plan.writes).toEqual([]);
    expect(plan.counts.failed).toBe(1);
    expect(plan.errors).toEqual([{ sourceKey: 'zendesk:99', reason: 'email: Invalid email' }]);
  });

  it('links a Pending row once a matching Salesforce user appears', () => {
    const row = rowOf(agent(1));
    const plan = run({
      users: [agent(1)],
      rows: [row],
      salesforceUsers: [sfUser('005A', 'agent1@example.com')],
    });
    expect(plan.writes).toEqual([
      { change: 'linked', row: expect.objectContaining({ Status__c: 'Active', User__c: '005A' }) },
    ]);
    expect(plan.counts.linked).toBe(1);
  });
});

describe('splitName', () => {
  it.each([
    ['Mary Ann Smith', { FirstName: 'Mary Ann', LastName: 'Smith' }],
    ['Cher', { FirstName: '', LastName: 'Cher' }],
    ['  Ada   Lovelace ', { FirstName: 'Ada', LastName: 'Lovelace' }],
  ])('%s', (name, expected) => expect(splitName(name)).toEqual(expected));
});
