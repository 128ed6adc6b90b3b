import { startPushStack, type PushStack } from './test-stack';

/** Bodies of the bulk requests of a run: `PUT update_many` and `POST create_or_update_many`. */
const bulkUsers = (p: PushStack, from: number, method: 'PUT' | 'POST') =>
  p.sent
    .slice(from)
    .filter((r) => r.method === method && /\/users\/(update_many|create_or_update_many)/.test(r.path))
    .flatMap((r) => (r.body as { users: Array<Record<string, unknown>> }).users);

describe('an activation sends only what changed', () => {
  let p: PushStack;
  afterEach(() => p?.close());

  async function seeded() {
    p = await startPushStack({ zendesk: { bulkImports: true } });
    const ids = ['Ada', 'Alan', 'Grace'].map((first, i) =>
      p.addUser({
        FirstName: first,
        LastName: 'Tester',
        Email: `${first.toLowerCase()}@example.com`,
        Title: `T${i}`,
        Department: 'Support',
      }),
    );
    const push = p.addPush({ Insert_Mode__c: true, Segment__c: "Department = 'Support'" }, [
      { Salesforce_Field__c: 'Title', Target__c: 'notes' },
      { Salesforce_Field__c: 'Department', Kind__c: 'Custom attribute', Target__c: 'department' },
    ]);
    await p.run(push);
    expect(p.runs(push)[0]).toMatchObject({ Inserted_Count__c: 3 });
    return { ids, push };
  }

  it('sends on the second activation only the changed users, with only their changed attributes, the id and the name', async () => {
    const { ids, push } = await seeded();
    const org = p.stack.salesforce.org;
    org.update('User', [{ Id: ids[1], Title: 'Director' }]);
    const from = p.sent.length;
    p.stack.zendesk.state.resetCounters();
    await p.run(push);

    const alan = p.stack.zendesk.state.users().find((u) => u.email === 'alan@example.com')!;
    expect(bulkUsers(p, from, 'PUT')).toEqual([{ id: alan.id, name: 'Alan Tester', notes: 'Director' }]);
    expect(bulkUsers(p, from, 'POST')).toEqual([]);
    expect(alan.notes).toBe('Director');
    expect(p.runs(push)[1]).toMatchObject({
      Updated_Count__c: 1,
      Unchanged_Count__c: 2,
      Inserted_Count__c: 0,
      Failed_Count__c: 0,
    });
    // Its Zendesk id was remembered: no lookup, one job, its polls, and the user fields refreshed.
    const paths = p.sent.slice(from).map((r) => `${r.method} ${r.path.split('?')[0]}`);
    expect(paths.filter((x) => x.includes('/users/show_many') || x.includes('/users/search'))).toEqual([]);
    expect(paths.filter((x) => x === 'PUT /api/v2/users/update_many')).toHaveLength(1);

    // Nothing changed: not a single Zendesk call.
    const quiet = p.sent.length;
    await p.run(push);
    expect(p.sent.length).toBe(quiet);
    expect(p.runs(push)[2]).toMatchObject({ Unchanged_Count__c: 3, Updated_Count__c: 0 });
  });

  it('resends the attribute a changed mapping touches, to every user, and nothing else', async () => {
    const { push } = await seeded();
    const [mapping] = p.stack.salesforce.org.query(
      `SELECT Id FROM User_Sync_Push_Mapping__c WHERE Push__c = '${push}' AND Target__c = 'notes'`,
    );
    p.stack.salesforce.org.update('User_Sync_Push_Mapping__c', [
      { Id: mapping.Id, Salesforce_Field__c: 'Department' },
    ]);
    const from = p.sent.length;
    await p.run(push);
    const sent = bulkUsers(p, from, 'PUT');
    expect(sent).toHaveLength(3);
    for (const user of sent) expect(Object.keys(user).sort()).toEqual(['id', 'name', 'notes']);
    expect(sent.map((u) => u.notes)).toEqual(['Support', 'Support', 'Support']);
    expect(p.runs(push)[1]).toMatchObject({ Updated_Count__c: 3 });
  });

  it('reports a user without a name and one whose email differs in Zendesk, and sends the rest', async () => {
    p = await startPushStack({ zendesk: { bulkImports: true } });
    const zd = p.stack.zendesk.state;
    zd.addUser({
      name: 'Old Name',
      email: 'margaret@old.example.com',
      role: 'end-user',
      external_id: 'EMP-1',
    });
    const margaret = p.addUser({
      FirstName: 'Margaret',
      LastName: 'Hamilton',
      Email: 'margaret@example.com',
      EmployeeNumber: 'EMP-1',
      CompanyName: 'NASA',
      Department: 'Eng',
    });
    const nameless = p.addUser({
      FirstName: 'No',
      LastName: 'Company',
      Email: 'noco@example.com',
      EmployeeNumber: 'EMP-2',
      Department: 'Eng',
    });
    p.addUser({
      FirstName: 'Kat',
      LastName: 'Johnson',
      Email: 'kat@example.com',
      EmployeeNumber: 'EMP-3',
      CompanyName: 'NASA',
      Department: 'Eng',
    });
    const push = p.addPush(
      {
        Insert_Mode__c: true,
        Segment__c: "Department = 'Eng'",
        Match_Key__c: 'External ID',
        External_Id_Field__c: 'EmployeeNumber',
        Name_Field__c: 'CompanyName',
      },
      [{ Salesforce_Field__c: 'Department', Target__c: 'details' }],
    );
    await p.run(push);

    const [run] = p.runs(push);
    expect(run).toMatchObject({
      In_Segment_Count__c: 3,
      Inserted_Count__c: 1,
      Updated_Count__c: 1,
      Failed_Count__c: 1,
    });
    const errors = String(run.Errors__c).split('\n');
    expect(errors).toEqual([
      `${nameless} (${nameless}): no CompanyName: Zendesk needs a name, the user was not sent [PUSH_USER_NO_NAME]`,
      `${margaret} (NASA): Zendesk user ${zd.users()[0].id} has the email margaret@old.example.com, Salesforce margaret@example.com: the email was not sent (Zendesk would add it as a second identity) [PUSH_EMAIL_DIFFERS]`,
    ]);
    // Margaret's other attributes went; her email did not, neither as primary nor as a second identity.
    expect(zd.users()[0]).toMatchObject({ name: 'NASA', details: 'Eng', email: 'margaret@old.example.com' });
    expect(zd.emailIdentities(zd.users()[0].id)).toEqual(['margaret@old.example.com']);
    expect(zd.users().find((u) => u.external_id === 'EMP-3')).toMatchObject({
      email: 'kat@example.com',
      name: 'NASA',
    });
    expect(zd.users().find((u) => u.external_id === 'EMP-2')).toBeUndefined();

    // Reported again while it differs; once Zendesk has the new email, the report stops.
    await p.run(push);
    expect(String(p.runs(push)[1].Errors__c)).toContain('[PUSH_EMAIL_DIFFERS]');
    zd.updateUser(zd.users()[0].id, { email: 'margaret@example.com' });
    await p.run(push);
    expect(String(p.runs(push)[2].Errors__c ?? '')).not.toContain('[PUSH_EMAIL_DIFFERS]');
  });

  it('matching by email, never creates a second Zendesk user when a pushed user changes email', async () => {
    const { ids, push } = await seeded();
    p.stack.salesforce.org.update('User', [{ Id: ids[0], Email: 'ada.lovelace@example.com' }]);
    await p.run(push);
    expect(p.stack.zendesk.state.users()).toHaveLength(3);
    const [, run] = p.runs(push);
    expect(run).toMatchObject({ Failed_Count__c: 1, Inserted_Count__c: 0 });
    expect(String(run.Errors__c)).toMatch(
      /the Salesforce email changed to ada.lovelace@example.com since the last push; Zendesk user \d+ keeps its email and no second user is created \[PUSH_EMAIL_DIFFERS\]$/,
    );
  });
});
