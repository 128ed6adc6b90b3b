import { parseCommand } from './command';

describe('push commands', () => {
  it('are read with the push they name; the directory commands are read as before', () => {
    expect(
      parseCommand({ Command__c: 'PUSH_RUN_NOW', Source__c: 'zendesk', Push_Id__c: 'a0B5g00000AbCdEAAV' }),
    ).toEqual({
      ok: true,
      value: { kind: 'PUSH_RUN_NOW', pushId: 'a0B5g00000AbCdEAAV' },
    });
    expect(parseCommand({ Command__c: 'PUSH_PREVIEW', Push_Id__c: 'a0B5g00000AbCdE' })).toEqual({
      ok: true,
      value: { kind: 'PUSH_PREVIEW', pushId: 'a0B5g00000AbCdE' },
    });
    expect(parseCommand({ Command__c: 'RUN_NOW', Source__c: 'zendesk', Push_Id__c: null })).toEqual({
      ok: true,
      value: { kind: 'RUN_NOW', source: 'zendesk' },
    });
  });

  it('without a usable push id say so', () => {
    expect(parseCommand({ Command__c: 'PUSH_CHANGED', Source__c: 'zendesk' })).toEqual({
      ok: false,
      error: expect.stringMatching(/^Push_Id__c: /),
    });
    expect(parseCommand({ Command__c: 'PUSH_CHANGED', Push_Id__c: "a0B' OR Id != '" }).ok).toBe(false);
  });
});
