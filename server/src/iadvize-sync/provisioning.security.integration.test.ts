import { waitFor } from '../../test/wait-for';
import { ProvisioningStack } from './test-stack';

describe('iAdvize provisioning never hands out an operator it has not verified', () => {
  const t = new ProvisioningStack();
  afterEach(() => t.close());

  it('a typed Operator ID without its SSO token does not make another operator "ours"', async () => {
    await t.boot();
    const victim = t.iadvize.seedOperator({ email: 'lead@example.com', lastName: 'Lead' });
    // X has (or is given) the operator's email, then ticks Sync and types its id, with no token.
    const x = t.addUser('Eve', 'Intruder', 'lead@example.com');
    t.org.update('User', [{ Id: x, IAdvize_Sync__c: true, IAdvize_Operator_Id__c: String(victim.id) }]);
    await waitFor(t.settled(x), 'the write-back');
    expect(t.user(x).IAdvize_SSO_Token__c ?? null).toBeNull();
    expect(t.user(x).IAdvize_Sync_Status__c).toBe('Failed');
    expect(t.user(x).IAdvize_Sync_Message__c).toBe(`Type the SSO token of operator ${victim.id} to link it.`);
  });

  it('the same, with the right SSO token, is a checked link', async () => {
    await t.boot();
    const op = t.iadvize.seedOperator({ email: 'lead@example.com', lastName: 'Lead' });
    const x = t.addUser('Lee', 'Lead', 'lead@example.com');
    t.org.update('User', [
      {
        Id: x,
        IAdvize_Sync__c: true,
        IAdvize_Operator_Id__c: String(op.id),
        IAdvize_SSO_Token__c: op.ssoKey,
      },
    ]);
    await waitFor(t.settled(x), 'the write-back');
    expect(t.user(x)).toMatchObject({
      IAdvize_Sync_Status__c: 'Linked',
      IAdvize_Operator_Id__c: String(op.id),
      IAdvize_SSO_Token__c: op.ssoKey,
    });
  });

  it('refuses an Operator ID with leading zeros: no second user can hold one operator', async () => {
    await t.boot();
    const op = t.iadvize.seedOperator({ email: 'a@example.com', lastName: 'Holder' });
    const a = t.addUser('Ann', 'Holder', 'a@example.com');
    const b = t.addUser('Bob', 'Other', 'b@example.com');
    t.org.update('User', [{ Id: a, IAdvize_Operator_Id__c: String(op.id), IAdvize_SSO_Token__c: op.ssoKey }]);
    await waitFor(t.settled(a), 'the first link');
    t.org.update('User', [
      { Id: b, IAdvize_Operator_Id__c: `0${op.id}`, IAdvize_SSO_Token__c: op.ssoKey },
      // Spaces around an id are not a different id either.
    ]);
    await waitFor(t.settled(b), 'the second link');
    expect(t.user(b).IAdvize_Sync_Status__c).toBe('Failed');
    expect(t.user(b).IAdvize_Sync_Message__c).toBe(
      `"0${op.id}" is not written as iAdvize writes Operator IDs: type ${op.id}.`,
    );
    const c = t.addUser('Cy', 'Spaced', 'c@example.com');
    t.org.update('User', [{ Id: c, IAdvize_Operator_Id__c: ` ${op.id} `, IAdvize_SSO_Token__c: op.ssoKey }]);
    await waitFor(t.settled(c), 'the third link');
    expect(t.user(c)).toMatchObject({
      IAdvize_Sync_Status__c: 'Failed',
      IAdvize_Sync_Message__c: `Operator ${op.id} is already linked to Salesforce user ${a}.`,
    });
  });
});
