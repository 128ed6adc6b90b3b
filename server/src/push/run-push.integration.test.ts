import { startPushStack, type PushStack } from './test-stack';

describe('a push to Zendesk', () => {
  let p: PushStack;
  afterEach(() => p?.close());

  const zendeskUsers = () => p.stack.zendesk.state.users();
  const byEmail = (email: string) => zendeskUsers().find((u) => u.email === email);

  it('with insert mode on creates the segment in Zendesk, verified, with its attributes and the right custom field types', async () => {
    p = await startPushStack({ zendesk: { bulkImports: true } });
    p.addUser({
      FirstName: 'Ada',
      LastName: 'Lovelace',
      Email: 'Ada@Example.com',
      Department: 'Support',
      Tier__c: 'Silver Plus',
      Seats__c: 3,
      Score__c: 4.5,
      Birthday__c: '1815-12-10',
    });
    p.addUser({
      FirstName: 'Alan',
      LastName: 'Turing',
      Email: 'alan@example.com',
      Department: 'Sales',
      IsActive: true,
    });
    const push = p.addPush({ Insert_Mode__c: true, Segment__c: "Department IN ('Support', 'Sales')" }, [
      { Salesforce_Field__c: 'Department', Kind__c: 'Custom attribute', Target__c: 'department' },
      { Salesforce_Field__c: 'Tier__c', Kind__c: 'Custom attribute', Target__c: 'tier' },
      { Salesforce_Field__c: 'Seats__c', Kind__c: 'Custom attribute', Target__c: 'seats' },
      { Salesforce_Field__c: 'Score__c', Kind__c: 'Custom attribute', Target__c: 'score' },
      { Salesforce_Field__c: 'Birthday__c', Kind__c: 'Custom attribute', Target__c: 'birthday' },
      { Salesforce_Field__c: 'IAdvize_Sync__c', Kind__c: 'Custom attribute', Target__c: 'iadvize_sync' },
      { Salesforce_Field__c: 'Alias', Kind__c: 'Standard', Target__c: 'alias' },
    ]);

    const outcome = await p.run(push);
    expect(outcome.kind).toBe('ran');
    const [run] = p.runs(push);
    expect(run).toMatchObject({
      Status__c: 'Succeeded',
      In_Segment_Count__c: 2,
      Inserted_Count__c: 2,
      Failed_Count__c: 0,
    });
    const ada = byEmail('ada@example.com')!;
    expect(ada).toMatchObject({ name: 'Ada Lovelace', verified: true });
    expect(ada.user_fields).toEqual({
      department: 'Support',
      tier: 'silver_plus',
      seats: 3,
      score: 4.5,
      birthday: '1815-12-10',
      iadvize_sync: false,
    });
    expect(p.stack.zendesk.state.counters.verificationEmails).toBe(0);
    const types = Object.fromEntries(p.stack.zendesk.state.userFields().map((f) => [f.key, f.type]));
    expect(types).toEqual({
      department: 'text',
      tier: 'dropdown',
      seats: 'integer',
      score: 'decimal',
      birthday: 'date',
      iadvize_sync: 'checkbox',
    });
    const tier = p.stack.zendesk.state.userFields().find((f) => f.key === 'tier')!;
    expect(tier.custom_field_options!.map((o) => [o.name, o.value])).toEqual([
      ['Gold', 'gold'],
      ['Silver Plus', 'silver_plus'],
    ]);

    // Created once: a second activation finds them and creates nothing.
    await p.run(push);
    expect(p.stack.zendesk.state.userFields()).toHaveLength(6);
    expect(p.runs(push)[1]).toMatchObject({ Unchanged_Count__c: 2, Inserted_Count__c: 0 });
  });

  it('with insert mode off updates only users Zendesk has, and counts the others as not in Zendesk', async () => {
    p = await startPushStack();
    const zd = p.stack.zendesk.state;
    zd.addUser({ name: 'Grace (old)', email: 'grace@example.com', role: 'end-user' });
    p.addUser({ FirstName: 'Grace', LastName: 'Hopper', Email: 'grace@example.com', Title: 'Rear Admiral' });
    p.addUser({ FirstName: 'Nobody', LastName: 'Yet', Email: 'nobody@example.com', Title: 'Intern' });
    const push = p.addPush({ Segment__c: 'Title != null' }, [
      { Salesforce_Field__c: 'Title', Target__c: 'notes' },
    ]);
    await p.run(push);
    expect(p.runs(push)[0]).toMatchObject({
      Updated_Count__c: 1,
      Not_In_Zendesk_Count__c: 1,
      Inserted_Count__c: 0,
    });
    expect(zendeskUsers()).toHaveLength(1);
    expect(byEmail('grace@example.com')).toMatchObject({ name: 'Grace Hopper', notes: 'Rear Admiral' });
    // Bulk imports are off on this account: updates never needed them.
    expect(zd.counters.byPath['POST /api/v2/users/create_or_update_many']).toBeUndefined();
  });
});
