import { parseCommand } from './command';

describe('parseCommand', () => {
  it('reads every command the app publishes', () => {
    expect(parseCommand({ Command__c: 'RUN_NOW', Source__c: 'zendesk' })).toEqual({
      ok: true,
      value: { kind: 'RUN_NOW', source: 'zendesk' },
    });
    expect(
      parseCommand({ Command__c: 'CONFIRM_DEACTIVATIONS', Source__c: 'intercom', Run_Id__c: 'a01' }),
    ).toEqual({ ok: true, value: { kind: 'CONFIRM_DEACTIVATIONS', source: 'intercom', runId: 'a01' } });
    expect(parseCommand({ Command__c: 'CONNECT', Source__c: 'zendesk', Run_Id__c: null })).toEqual({
      ok: true,
      value: { kind: 'CONNECT', source: 'zendesk' },
    });
  });

  it('says what is wrong with anything else', () => {
    const bad = parseCommand({ Command__c: 'CONNECT', Source__c: 'salesforce' });
    expect(bad).toEqual({ ok: false, error: expect.stringMatching(/^Source__c: /) });
    expect(parseCommand({ Command__c: 'DISCONNECT', Source__c: 'zendesk' }).ok).toBe(false);
  });
});
