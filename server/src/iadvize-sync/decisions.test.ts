import type { Operator } from '../iadvize/types';
import { decideTakenEmail, operatorInputFor, skippedMessage } from './create-decision';
import { checkLink, sameSecret } from './link-decision';
import type { SyncUser } from './sync-user';
import { MESSAGE_MAX, writeBackFor } from './write-back';

const user = (fields: Partial<SyncUser> = {}): SyncUser => ({
  Id: '005000000000001AAA',
  FirstName: 'Ada',
  LastName: 'Lovelace',
  Email: 'Ada.Lovelace@Example.com',
  Alias: 'alove',
  IsActive: true,
  IAdvize_Sync__c: true,
  IAdvize_Operator_Id__c: null,
  IAdvize_SSO_Token__c: null,
  IAdvize_Sync_Status__c: 'Queued',
  IAdvize_Sync_Message__c: null,
  ...fields,
});
const op = (fields: Partial<Operator> = {}): Operator => ({
  id: '77',
  email: 'ada.lovelace@example.com',
  lastName: 'Lovelace',
  ...fields,
});

describe('operatorInputFor', () => {
  it('maps the documented fields and puts the user id in externalId', () => {
    expect(operatorInputFor(user())).toEqual({
      ok: true,
      value: {
        email: 'ada.lovelace@example.com',
        firstName: 'Ada',
        lastName: 'Lovelace',
        pseudo: 'alove',
        externalId: '005000000000001AAA',
      },
    });
  });

  it.each([
    [{ Email: null }, 'The user has no email'],
    [{ Email: '  ' }, 'The user has no email'],
    [{ Email: 'ada@localhost' }, 'is not a valid address'],
    [{ Email: 'ada lovelace@example.com' }, 'is not a valid address'],
    [{ LastName: '' }, 'no last name'],
  ])('refuses %j with a clear reason', (fields, reason) => {
    const result = operatorInputFor(user(fields));
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toContain(reason);
  });

  it('falls back to the full name as pseudo when there is no alias', () => {
    expect(
      operatorInputFor(user({ Alias: null })).ok && operatorInputFor(user({ Alias: null })),
    ).toMatchObject({
      value: { pseudo: 'Ada Lovelace' },
    });
  });
});

describe('decideTakenEmail', () => {
  it('recognises its own operator by externalId only: a typed Operator ID proves nothing', () => {
    expect(decideTakenEmail(user(), [op({ externalId: '005000000000001AAA' })], false).kind).toBe('ours');
    expect(decideTakenEmail(user({ IAdvize_Operator_Id__c: '77' }), [op()], false).kind).toBe('skip');
  });

  it('skips someone else’s operator unless linking existing operators is enabled', () => {
    expect(decideTakenEmail(user(), [op({ externalId: 'other' })], false)).toEqual({
      kind: 'skip',
      operator: op({ externalId: 'other' }),
    });
    expect(decideTakenEmail(user(), [op()], true).kind).toBe('link');
    expect(decideTakenEmail(user(), [], true)).toEqual({ kind: 'skip', operator: undefined });
  });

  it('names the existing operator in the skip message', () => {
    expect(skippedMessage(op())).toContain('operator 77');
    expect(skippedMessage(undefined)).toContain('an operator');
  });
});

describe('checkLink', () => {
  const facts = {
    operatorId: '77',
    typedToken: 'sso-abc',
    operator: op({ ssoKey: 'sso-abc' }),
    holderId: undefined,
    canReadSsoKey: true,
    userId: '005000000000001AAA',
  };

  it('links when the operator exists, the token matches and nobody else holds it', () => {
    expect(checkLink(facts)).toEqual({ linked: true, message: 'Linked to iAdvize operator 77.' });
  });

  it.each([
    [{ operatorId: 'abc' }, 'is not an iAdvize Operator ID'],
    [{ holderId: '005000000000002AAA' }, 'already linked to Salesforce user 005000000000002AAA'],
    [{ operator: undefined }, 'iAdvize has no operator with ID 77'],
    [{ typedToken: null }, 'Type the SSO token'],
    [{ typedToken: 'sso-abd' }, 'does not match'],
    [{ typedToken: 'sso-abc-longer' }, 'does not match'],
    [{ canReadSsoKey: false }, 'has no iAdvize REST API key'],
    [{ operatorId: '077' }, '"077" is not written as iAdvize writes Operator IDs: type 77.'],
    [{ operator: op({ externalId: 'someone-else' }), typedToken: null }, 'Type the SSO token'],
  ])('refuses %j with the exact reason', (change, reason) => {
    const result = checkLink({ ...facts, ...change });
    expect(result.linked).toBe(false);
    expect(!result.linked && result.reason).toContain(reason);
  });

  it('links the operator created for this very user without a token', () => {
    const ours = op({ externalId: '005000000000001AAA', ssoKey: 'other' });
    expect(checkLink({ ...facts, operator: ours, typedToken: null })).toEqual({
      linked: true,
      message: 'Linked to iAdvize operator 77, created for this user.',
    });
  });

  it('speaks to the admin, never of the companion’s environment', () => {
    const refusal = checkLink({ ...facts, canReadSsoKey: false });
    expect(!refusal.linked && refusal.reason).not.toMatch(/[A-Z]+_[A-Z_]+/);
    expect(skippedMessage(op())).not.toMatch(/[A-Z]+_[A-Z_]+/);
  });

  it('compares secrets of different lengths without throwing', () => {
    expect(sameSecret('a', 'a')).toBe(true);
    expect(sameSecret('a', 'ab')).toBe(false);
  });
});

describe('writeBackFor', () => {
  const now = new Date('2026-11-22T10:00:00.000Z');

  it('stamps Last Synced and writes the operator only with one', () => {
    expect(writeBackFor(user(), 'Created', 'Created operator 77.', now, { id: '77', ssoKey: 'k' })).toEqual({
      Id: '005000000000001AAA',
      IAdvize_Sync_Status__c: 'Created',
      IAdvize_Sync_Message__c: 'Created operator 77.',
      IAdvize_Last_Synced__c: '2026-11-22T10:00:00.000Z',
      IAdvize_Operator_Id__c: '77',
      IAdvize_SSO_Token__c: 'k',
    });
    expect(writeBackFor(user(), 'Failed', 'no', now)).not.toHaveProperty('IAdvize_Operator_Id__c');
  });

  it('clips messages to the field length', () => {
    expect(writeBackFor(user(), 'Failed', 'x'.repeat(400), now).IAdvize_Sync_Message__c).toHaveLength(
      MESSAGE_MAX,
    );
  });
});
