import { waitFor } from '../../test/wait-for';
import { ProvisioningStack } from './test-stack';

describe('iAdvize provisioning end to end (Salesforce sandbox → companion → iAdvize sandbox)', () => {
  const t = new ProvisioningStack();
  afterEach(() => t.close());

  const { user, addUser, tick, settled, operatorsFor } = t;
  const boot = t.boot.bind(t);
  const restart = t.restart.bind(t);
  const org = () => t.org;
  const iadvize = () => t.iadvize;

  it('creates the operator with the documented mapping and writes back id, SSO token, status and time', async () => {
    await boot();
    const id = addUser('Ada', 'Lovelace', 'Ada.Lovelace@example.com', 'alove');
    const before = Date.now();
    tick(id);
    await waitFor(settled(id), 'the write-back');
    const [op] = operatorsFor('ada.lovelace@example.com');
    expect(op).toMatchObject({ firstName: 'Ada', lastName: 'Lovelace', pseudo: 'alove', externalId: id });
    expect(user(id)).toMatchObject({
      IAdvize_Sync_Status__c: 'Created',
      IAdvize_Operator_Id__c: String(op.id),
      IAdvize_SSO_Token__c: op.ssoKey,
      IAdvize_Sync_Message__c: `Created iAdvize operator ${op.id}.`,
    });
    expect(Date.parse(user(id).IAdvize_Last_Synced__c as string)).toBeGreaterThanOrEqual(before - 1000);
    // The write-back did not queue a LINK request (the trigger recognises it by Last Synced).
    expect(org().events('IAdvize_Sync_Request__e')).toHaveLength(1);
  });

  it('skips a user whose email iAdvize already has, naming the existing operator', async () => {
    await boot();
    const existing = iadvize().seedOperator({ email: 'grace@example.com', lastName: 'Hopper' });
    const id = addUser('Grace', 'Hopper', 'GRACE@example.com');
    tick(id);
    await waitFor(settled(id), 'the write-back');
    expect(operatorsFor('grace@example.com')).toHaveLength(1);
    expect(user(id)).toMatchObject({ IAdvize_Sync_Status__c: 'Skipped', IAdvize_Operator_Id__c: null });
    expect(user(id).IAdvize_Sync_Message__c).toContain(`operator ${existing.id}`);
  });

  it('links the existing operator instead with IADVIZE_LINK_EXISTING=true', async () => {
    await boot({ config: { linkExisting: true } });
    const existing = iadvize().seedOperator({ email: 'grace@example.com', lastName: 'Hopper' });
    const id = addUser('Grace', 'Hopper', 'grace@example.com');
    tick(id);
    await waitFor(settled(id), 'the write-back');
    expect(user(id)).toMatchObject({
      IAdvize_Sync_Status__c: 'Linked',
      IAdvize_Operator_Id__c: String(existing.id),
      IAdvize_SSO_Token__c: existing.ssoKey,
    });
  });

  it('fails users iAdvize rejects with iAdvize’s reason, leaving the rest of the batch alone', async () => {
    await boot();
    const good = addUser('Alan', 'Turing', 'alan@example.com');
    const bad = addUser('Bad', 'Domain', 'bad@example.c');
    tick(good, bad);
    await waitFor(settled(good, bad), 'both write-backs');
    expect(user(good).IAdvize_Sync_Status__c).toBe('Created');
    expect(user(bad)).toMatchObject({ IAdvize_Sync_Status__c: 'Failed', IAdvize_Operator_Id__c: null });
    expect(user(bad).IAdvize_Sync_Message__c).toMatch(/^iAdvize refused the operator: .*not a valid email/);
  });

  it('tries a Failed user again on the save that corrects its email: no untick, save, re-tick', async () => {
    await boot();
    const id = addUser('Alan', 'Turing', 'alan@example.c');
    tick(id);
    await waitFor(settled(id), 'the first write-back');
    expect(user(id).IAdvize_Sync_Status__c).toBe('Failed');
    org().update('User', [{ Id: id, Email: 'alan@example.com' }]);
    expect(user(id).IAdvize_Sync_Status__c).toBe('Queued');
    await waitFor(settled(id), 'the second write-back');
    expect(user(id)).toMatchObject({ IAdvize_Sync_Status__c: 'Created', IAdvize_Sync__c: true });
    expect(operatorsFor('alan@example.com')).toHaveLength(1);
  });

  it('checks manual links: exists, token matches (else the exact reason), and records Linked', async () => {
    await boot();
    const k = iadvize().seedOperator({ email: 'k@example.com', lastName: 'Johnson' });
    const d = iadvize().seedOperator({ email: 'd@example.com', lastName: 'Vaughan' });
    const right = addUser('Katherine', 'Johnson', 'k@example.com');
    const wrong = addUser('Dorothy', 'Vaughan', 'd@example.com');
    const unknown = addUser('Mary', 'Jackson', 'm@example.com');
    org().update('User', [
      { Id: right, IAdvize_Operator_Id__c: String(k.id), IAdvize_SSO_Token__c: k.ssoKey },
      { Id: wrong, IAdvize_Operator_Id__c: String(d.id), IAdvize_SSO_Token__c: 'typo' },
      { Id: unknown, IAdvize_Operator_Id__c: '999999', IAdvize_SSO_Token__c: 'x' },
    ]);
    await waitFor(settled(right, wrong, unknown), 'three write-backs');
    expect(user(right)).toMatchObject({
      IAdvize_Sync_Status__c: 'Linked',
      IAdvize_Sync_Message__c: `Linked to iAdvize operator ${k.id}.`,
    });
    expect(user(wrong)).toMatchObject({
      IAdvize_Sync_Status__c: 'Failed',
      IAdvize_Sync_Message__c: `The SSO token does not match iAdvize operator ${d.id}.`,
    });
    expect(user(unknown)).toMatchObject({
      IAdvize_Sync_Status__c: 'Failed',
      IAdvize_Sync_Message__c: 'iAdvize has no operator with ID 999999.',
    });
  });

  it('Salesforce refuses a second user holding an operator: one user ↔ one operator', async () => {
    await boot();
    const k = iadvize().seedOperator({ email: 'k@example.com', lastName: 'Johnson' });
    const first = addUser('Katherine', 'Johnson', 'k@example.com');
    const second = addUser('Kat', 'Twin', 'kt@example.com');
    org().update('User', [
      { Id: first, IAdvize_Operator_Id__c: String(k.id), IAdvize_SSO_Token__c: k.ssoKey },
    ]);
    await waitFor(settled(first), 'the first link');
    expect(() => org().update('User', [{ Id: second, IAdvize_Operator_Id__c: String(k.id) }])).toThrow(
      /DUPLICATE_VALUE/,
    );
  });

  it('delivered twice (a restart with a lost position and ledger) still gives one operator', async () => {
    await boot();
    const id = addUser('Ada', 'Lovelace', 'ada@example.com');
    tick(id);
    await waitFor(settled(id), 'the first handling');
    const operatorId = user(id).IAdvize_Operator_Id__c;
    org().update('User', [{ Id: id, IAdvize_Sync_Status__c: 'Queued', IAdvize_Last_Synced__c: null }]);
    await restart('fresh.db'); // no stored position: replays every retained event (-2)
    await waitFor(settled(id), 'the redelivered request');
    expect(operatorsFor('ada@example.com')).toHaveLength(1);
    expect(user(id)).toMatchObject({ IAdvize_Sync_Status__c: 'Created', IAdvize_Operator_Id__c: operatorId });
  });

  it('creates everyone despite 10 % 5xx and 5 % 429 from iAdvize, with no duplicate', async () => {
    await boot({ iadvize: { faults: { error5xxRate: 0.1, rate429: 0.05, seed: 7 } } });
    const ids = Array.from({ length: 60 }, (_, i) => addUser(`User${i}`, 'Faulty', `faulty${i}@example.com`));
    tick(...ids);
    await waitFor(settled(...ids), 'all write-backs', 60_000);
    expect(ids.filter((id) => user(id).IAdvize_Sync_Status__c !== 'Created')).toEqual([]);
    expect(iadvize().counters.faults5xx + iadvize().counters.faults429).toBeGreaterThan(0);
    const emails = iadvize()
      .operators()
      .map((o) => o.email);
    expect(new Set(emails).size).toBe(emails.length);
  }, 90_000);

  it('recovers when the iAdvize token expires mid-burst', async () => {
    await boot({ iadvize: { latencyMs: 5 } });
    const ids = Array.from({ length: 80 }, (_, i) => addUser(`User${i}`, 'Expiry', `expiry${i}@example.com`));
    tick(...ids.slice(0, 40));
    await waitFor(
      () => ids.slice(0, 40).some((id) => user(id).IAdvize_Sync_Status__c === 'Created'),
      'the burst under way',
    );
    iadvize().expireAllTokens();
    tick(...ids.slice(40));
    await waitFor(settled(...ids), 'all write-backs', 30_000);
    expect(ids.filter((id) => user(id).IAdvize_Sync_Status__c !== 'Created')).toEqual([]);
    expect(iadvize().counters.token).toBeGreaterThanOrEqual(2);
  });
});
