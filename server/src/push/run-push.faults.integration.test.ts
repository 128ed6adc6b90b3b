import { IMPORT_GATE_NOTICE } from './run-push';
import { startPushStack, type PushStack } from './test-stack';

describe('a push when Zendesk says no', () => {
  let p: PushStack;
  afterEach(() => p?.close());

  const addTeam = (n: number, extra: Record<string, unknown> = {}) =>
    Array.from({ length: n }, (_, i) =>
      p.addUser({
        FirstName: `User${i}`,
        LastName: 'Team',
        Email: `user${i}@example.com`,
        Department: 'Team',
        ...extra,
      }),
    );
  const count = (method: string, path: string) =>
    p.sent.filter((r) => r.method === method && r.path.split('?')[0] === path).length;

  it('creates users one at a time when bulk imports are off, saying so once on the push', async () => {
    p = await startPushStack();
    addTeam(150);
    const push = p.addPush({ Insert_Mode__c: true, Segment__c: "Department = 'Team'" }, [
      { Salesforce_Field__c: 'Department', Target__c: 'notes' },
    ]);
    await p.run(push);
    const [run] = p.runs(push);
    expect(run).toMatchObject({ Status__c: 'Succeeded', Inserted_Count__c: 150, Failed_Count__c: 0 });
    expect(run.Message__c).toContain('[PUSH_BULK_IMPORT_UNAVAILABLE]');
    // The gate is met once; every user then goes through create_or_update.
    expect(count('POST', '/api/v2/users/create_or_update_many')).toBe(1);
    expect(count('POST', '/api/v2/users/create_or_update')).toBe(150);
    const record = p.stack.salesforce.org.query(
      `SELECT Notice__c FROM User_Sync_Push__c WHERE Id = '${push}'`,
    )[0];
    expect(record.Notice__c).toBe(IMPORT_GATE_NOTICE);
    const users = p.stack.zendesk.state.users();
    expect(users).toHaveLength(150);
    expect(new Set(users.map((u) => u.email)).size).toBe(150);
    expect(users.every((u) => u.notes === 'Team' && u.verified)).toBe(true);
  });

  it('survives 429s and 5xx: every user in Zendesk once, with its values, and nothing left to send', async () => {
    p = await startPushStack({
      zendesk: { bulkImports: true, faults: { error5xxRate: 0.15, edge429Rate: 0.1, seed: 7 } },
    });
    addTeam(260);
    const push = p.addPush({ Insert_Mode__c: true, Segment__c: "Department = 'Team'" }, [
      { Salesforce_Field__c: 'Email', Target__c: 'alias' },
    ]);
    await p.run(push);
    const counters = p.stack.zendesk.state.counters;
    expect(counters.faults5xx).toBeGreaterThan(0);
    expect(counters.rateLimited).toBeGreaterThan(0);
    expect(p.runs(push)[0]).toMatchObject({
      Status__c: 'Succeeded',
      Inserted_Count__c: 260,
      Failed_Count__c: 0,
    });
    const users = p.stack.zendesk.state.users();
    expect(users).toHaveLength(260);
    expect(users.every((u) => u.alias === u.email)).toBe(true);

    p.stack.zendesk.state.setFaults(undefined);
    const before = p.sent.length;
    await p.run(push);
    expect(p.runs(push)[1]).toMatchObject({ Unchanged_Count__c: 260 });
    expect(p.sent.length).toBe(before);
  });

  it('fails only the users a job refused, keeps no snapshot of them, and sends them again next time', async () => {
    p = await startPushStack({ zendesk: { bulkImports: true } });
    const ids = addTeam(5, { Tier__c: 'Gold' });
    p.stack.salesforce.org.update('User', [{ Id: ids[2], Tier__c: 'Platinum' }]);
    const push = p.addPush({ Insert_Mode__c: true, Segment__c: "Department = 'Team'" }, [
      { Salesforce_Field__c: 'Tier__c', Kind__c: 'Custom attribute', Target__c: 'tier' },
    ]);
    await p.run(push);
    const [first] = p.runs(push);
    expect(first).toMatchObject({ Inserted_Count__c: 4, Failed_Count__c: 1 });
    expect(first.Errors__c).toBe(
      `${ids[2]} (User2 Team): Zendesk refused it (UserCreateError: Tier: "platinum" is not a valid dropdown value) [PUSH_USER_REJECTED]`,
    );
    const snapshots = await p.store.pushSnapshots(push, ids);
    expect([...snapshots.keys()].sort()).toEqual([ids[0], ids[1], ids[3], ids[4]].sort());

    // Still refused: sent again, alone.
    const from = p.sent.length;
    await p.run(push);
    expect(p.runs(push)[1]).toMatchObject({ Failed_Count__c: 1, Unchanged_Count__c: 4 });
    const resent = p.sent
      .slice(from)
      .filter((r) => r.path.startsWith('/api/v2/users/create_or_update_many'))
      .flatMap((r) => (r.body as { users: Array<{ email: string }> }).users.map((u) => u.email));
    expect(resent).toEqual(['user2@example.com']);

    // Zendesk learns the value: the next activation gets the user in, and then nothing is left.
    p.stack.zendesk.state.addUserFieldOption('tier', { name: 'Platinum', value: 'platinum' });
    await p.run(push);
    expect(p.runs(push)[2]).toMatchObject({
      Inserted_Count__c: 1,
      Failed_Count__c: 0,
      Unchanged_Count__c: 4,
    });
    expect(p.stack.zendesk.state.users().find((u) => u.email === 'user2@example.com')!.user_fields).toEqual({
      tier: 'platinum',
    });
  });
});
