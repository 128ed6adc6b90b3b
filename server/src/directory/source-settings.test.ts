import { parseSourceConfiguration, parseZendeskRoles } from './source-settings';

const zendeskRecord = {
  Id: 'a0B000000000001AAA',
  Source__c: 'zendesk',
  Enabled__c: true,
  Zendesk_Subdomain__c: 'abc-energy',
  Intercom_Region__c: null,
  Primary_Identifier__c: '',
  Match_User_Field__c: null,
  Zendesk_Roles__c: 'agent; admin; 360001',
  Update_Linked_User_Names__c: false,
  Deactivate_Linked_Users__c: true,
  Deactivation_Threshold__c: 25,
  Schedule_Hours__c: null,
};

describe('parseZendeskRoles', () => {
  it('reads built-in roles and custom role ids', () => {
    expect(parseZendeskRoles('agent;admin;360001,360002')).toEqual({
      ok: true,
      value: { roles: ['agent', 'admin'], customRoleIds: [360001, 360002] },
    });
  });
  it('requires at least one role and refuses anything else', () => {
    expect(parseZendeskRoles(null)).toMatchObject({ ok: false, error: expect.stringContaining('required') });
    expect(parseZendeskRoles('agent;end-user')).toMatchObject({
      ok: false,
      error: expect.stringContaining('"end-user" is not a Zendesk role'),
    });
  });
});

describe('parseSourceConfiguration', () => {
  it('turns a Zendesk settings record into run settings (blank identifier = default, % threshold)', () => {
    const result = parseSourceConfiguration(zendeskRecord);
    expect(result).toEqual({
      ok: true,
      value: {
        recordId: 'a0B000000000001AAA',
        enabled: true,
        scheduleHours: 6,
        schedule: { kind: 'hours', hours: 6 },
        lastRunAt: null,
        settings: {
          source: 'zendesk',
          identifierColumn: null,
          matchUserField: null,
          updateLinkedUserNames: false,
          deactivateLinkedUsers: true,
          deactivationThreshold: 0.25,
        },
        zendesk: { subdomain: 'abc-energy', filter: { roles: ['agent', 'admin'], customRoleIds: [360001] } },
      },
    });
  });

  it('lists what is missing for Zendesk', () => {
    const result = parseSourceConfiguration({
      ...zendeskRecord,
      Zendesk_Subdomain__c: null,
      Zendesk_Roles__c: null,
    });
    expect(result).toEqual({
      ok: false,
      error: ['Zendesk subdomain is required.', expect.stringContaining('roles to import are required')],
    });
  });

  it('reads Intercom with its region', () => {
    const result = parseSourceConfiguration({
      ...zendeskRecord,
      Source__c: 'intercom',
      Intercom_Region__c: 'EU',
      Zendesk_Roles__c: null,
    });
    expect(result.ok && result.value.intercom).toEqual({ region: 'eu' });
  });
});

describe('settings a run cannot use are refused in words', () => {
  const problems = (over: Record<string, unknown>) => {
    const result = parseSourceConfiguration({ ...zendeskRecord, ...over });
    return result.ok ? [] : result.error;
  };

  it.each(['evil.com/', 'a..b', 'x@y', '-acme'])('refuses the Zendesk subdomain %s', (subdomain) => {
    expect(problems({ Zendesk_Subdomain__c: subdomain })).toEqual([
      expect.stringMatching(/^Zendesk subdomain: /),
    ]);
  });

  it.each(['Email', 'constructor', 'garbage', '__proto__'])(
    'refuses a primary identifier the source does not have: %s',
    (column) => {
      const result = parseSourceConfiguration({ ...zendeskRecord, Primary_Identifier__c: column });
      if (column === 'Email') {
        // The column names are the API's; a capitalised one is read as meant.
        expect(result.ok && result.value.settings.identifierColumn).toBe('email');
        return;
      }
      expect(result).toEqual({
        ok: false,
        error: [
          `Primary identifier "${column}" is not a column of Zendesk users: use email, id or external_id, or leave it blank for email.`,
        ],
      });
    },
  );

  it('knows the columns of an Intercom teammate', () => {
    const intercom = {
      ...zendeskRecord,
      Source__c: 'intercom',
      Zendesk_Subdomain__c: null,
      Zendesk_Roles__c: null,
      Primary_Identifier__c: 'external_id',
    };
    expect(parseSourceConfiguration(intercom)).toEqual({
      ok: false,
      error: [
        'Primary identifier "external_id" is not a column of Intercom teammates: use email or id, or leave it blank for email.',
      ],
    });
  });
});
