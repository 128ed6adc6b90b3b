import { Org } from './org';
import { FIXTURE_METADATA } from './test-helpers';
import { decideAction } from './trigger';

describe('User trigger rule (decideAction)', () => {
  const base = {
    IAdvize_Sync__c: false,
    IAdvize_Operator_Id__c: null,
    IAdvize_SSO_Token__c: null,
    IAdvize_Last_Synced__c: null,
  };

  it('CREATE when ticked on insert, or going from unticked to ticked', () => {
    expect(decideAction({ ...base, IAdvize_Sync__c: true }, undefined)).toBe('CREATE');
    expect(decideAction({ ...base, IAdvize_Sync__c: true }, base)).toBe('CREATE');
    expect(decideAction({ ...base, IAdvize_Sync__c: true }, { ...base, IAdvize_Sync__c: true })).toBeNull();
    expect(decideAction(base, undefined)).toBeNull();
  });

  it('LINK when an operator id is typed, or the operator id or SSO token changes', () => {
    expect(decideAction({ ...base, IAdvize_Operator_Id__c: '42' }, undefined)).toBe('LINK');
    expect(decideAction({ ...base, IAdvize_Operator_Id__c: '42' }, base)).toBe('LINK');
    const linked = { ...base, IAdvize_Operator_Id__c: '42', IAdvize_SSO_Token__c: 'a' };
    expect(decideAction({ ...linked, IAdvize_SSO_Token__c: 'b' }, linked)).toBe('LINK');
    expect(
      decideAction(
        { ...linked, IAdvize_Operator_Id__c: 'x42' },
        { ...linked, IAdvize_Operator_Id__c: 'X42' },
      ),
    ).toBe('LINK'); // case-sensitive
    expect(decideAction(linked, linked)).toBeNull();
    expect(decideAction({ ...base, IAdvize_Operator_Id__c: '   ' }, undefined)).toBeNull(); // blank
    expect(decideAction({ ...linked, IAdvize_Operator_Id__c: null }, linked)).toBeNull();
  });

  it('CREATE wins over LINK when both apply', () => {
    expect(decideAction({ ...base, IAdvize_Sync__c: true, IAdvize_Operator_Id__c: '42' }, undefined)).toBe(
      'CREATE',
    );
  });

  it('never acts on an update that changes Last Synced (the companion write-back)', () => {
    const before = { ...base, IAdvize_Sync__c: true, IAdvize_Sync_Status__c: 'Queued' };
    const writeBack = {
      ...base,
      IAdvize_Sync__c: true,
      IAdvize_Sync_Status__c: 'Created',
      IAdvize_Operator_Id__c: '42',
      IAdvize_Last_Synced__c: '2026-01-01T00:00:00.000+0000',
    };
    expect(decideAction(writeBack, before)).toBeNull();
    // An insert carrying Last Synced is still an insert.
    expect(decideAction(writeBack, undefined)).toBe('CREATE');
  });

  it('a tick that also writes Last Synced (a data load) is a request: the companion never ticks', () => {
    const before = { ...base, IAdvize_Sync__c: false };
    const load = { ...base, IAdvize_Sync__c: true, IAdvize_Last_Synced__c: '2026-01-01T00:00:00.000+0000' };
    expect(decideAction(load, before)).toBe('CREATE');
  });

  it('a ticked user whose sync Failed is tried again when its email, name or alias is corrected', () => {
    const failed = {
      ...base,
      IAdvize_Sync__c: true,
      IAdvize_Sync_Status__c: 'Failed',
      Email: 'ada@example.c',
    };
    expect(decideAction({ ...failed, Email: 'ada@example.com' }, failed)).toBe('CREATE');
    expect(decideAction({ ...failed, LastName: 'Lovelace' }, failed)).toBe('CREATE');
    expect(decideAction({ ...failed, Title: 'Engineer' }, failed)).toBeNull();
    const created = { ...failed, IAdvize_Sync_Status__c: 'Created' };
    expect(decideAction({ ...created, Email: 'new@example.com' }, created)).toBeNull();
  });
});

describe('User trigger emulation on org.insert / org.update', () => {
  let org: Org;
  beforeEach(() => {
    org = new Org({ metadataDir: FIXTURE_METADATA });
  });
  const requests = () => org.events('IAdvize_Sync_Request__e').map((e) => e.payload);

  it('marks the user Queued, clears the message and publishes one CREATE after the save', () => {
    const id = org.addUser({
      LastName: 'Doe',
      Email: 'doe@example.com',
      IAdvize_Sync_Message__c: 'old message',
    });
    expect(requests()).toEqual([]);
    org.update('User', [{ Id: id, IAdvize_Sync__c: true }]);
    expect(org.get('User', id)).toMatchObject({
      IAdvize_Sync_Status__c: 'Queued',
      IAdvize_Sync_Message__c: null,
    });
    expect(requests()).toEqual([expect.objectContaining({ User_Id__c: id, Action__c: 'CREATE' })]);
    expect(id).toHaveLength(18);
  });

  it('publishes LINK when an operator id is typed, and nothing for the companion write-back', () => {
    const id = org.addUser({ LastName: 'Doe', Email: 'doe@example.com' });
    org.update('User', [{ Id: id, IAdvize_Operator_Id__c: 'op-7', IAdvize_SSO_Token__c: 'token' }]);
    expect(requests().map((p) => p.Action__c)).toEqual(['LINK']);
    org.update('User', [
      {
        Id: id,
        IAdvize_Sync_Status__c: 'Linked',
        IAdvize_Last_Synced__c: '2026-02-01T10:00:00Z',
        IAdvize_Operator_Id__c: 'op-8',
      },
    ]);
    expect(requests()).toHaveLength(1);
    expect(org.get('User', id)).toMatchObject({
      IAdvize_Sync_Status__c: 'Linked',
      IAdvize_Last_Synced__c: '2026-02-01T10:00:00.000+0000',
    });
  });

  it('publishes nothing for a save that fails, and rolls back the whole org.update', () => {
    const a = org.addUser({ LastName: 'A', Email: 'a@example.com' });
    const b = org.addUser({ LastName: 'B', Email: 'b@example.com', IAdvize_Operator_Id__c: 'taken' });
    const before = requests().length;
    expect(() =>
      org.update('User', [
        { Id: a, IAdvize_Sync__c: true },
        { Id: b, IAdvize_Operator_Id__c: 'x'.repeat(41) },
      ]),
    ).toThrow(/STRING_TOO_LONG/);
    expect(requests()).toHaveLength(before);
    expect(org.get('User', a)?.IAdvize_Sync__c).toBe(false);
  });
});
