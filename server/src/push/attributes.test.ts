import { buildCatalogue, customFieldKey, fieldTypeFor, optionsFor } from './attributes';
import { attributeValue, buildPayload } from './payload';
import type { Mapping, PushSettings, UserField } from './types';

const f = (name: string, type: string, extra: Partial<UserField> = {}): UserField => ({
  name,
  label: name.replace(/__c$/, ''),
  type,
  filterable: true,
  scale: 0,
  picklistValues: [],
  ...extra,
});

describe('custom attributes', () => {
  it('get a key named like the Salesforce field, valid for Zendesk and never a system name', () => {
    expect(customFieldKey('Tier__c')).toBe('tier');
    expect(customFieldKey('Support_Level__c')).toBe('support_level');
    expect(customFieldKey('Department')).toBe('department');
    expect(customFieldKey('Name')).toBe('sf_name');
    expect(customFieldKey('Tags__c')).toBe('sf_tags');
    expect(customFieldKey('X2024__c')).toBe('x2024');
    expect(customFieldKey('A__B__c')).toBe('a_b');
  });

  it('get the Zendesk type of their Salesforce type', () => {
    expect(fieldTypeFor(f('B', 'boolean'))).toBe('checkbox');
    expect(fieldTypeFor(f('D', 'date'))).toBe('date');
    expect(fieldTypeFor(f('T', 'datetime'))).toBe('date');
    expect(fieldTypeFor(f('I', 'int'))).toBe('integer');
    expect(fieldTypeFor(f('N', 'double', { scale: 0 }))).toBe('integer');
    expect(fieldTypeFor(f('C', 'currency', { scale: 2 }))).toBe('decimal');
    expect(fieldTypeFor(f('P', 'picklist'))).toBe('dropdown');
    expect(fieldTypeFor(f('M', 'multipicklist'))).toBe('multiselect');
    expect(fieldTypeFor(f('A', 'textarea'))).toBe('textarea');
    expect(fieldTypeFor(f('E', 'email'))).toBe('text');
    expect(fieldTypeFor(f('L', 'location'))).toBeUndefined();
  });

  it('make dropdown options of picklist values, with unique tags', () => {
    expect(optionsFor(['Gold', 'Gold!', 'Silver Plus', '***'])).toEqual([
      { name: 'Gold', value: 'gold' },
      { name: 'Gold!', value: 'gold_2' },
      { name: 'Silver Plus', value: 'silver_plus' },
      { name: '***', value: 'value' },
    ]);
  });

  it('reuse a Zendesk field with the same key, and say what cannot be mapped', () => {
    const describe = new Map(
      [f('Tier__c', 'picklist', { picklistValues: ['Gold', 'Silver'] }), f('Where__c', 'location')].map(
        (x) => [x.name.toLowerCase(), x],
      ),
    );
    const mappings: Mapping[] = [
      { salesforceField: 'Tier__c', target: { kind: 'custom_attribute', key: 'tier' }, mode: 'set' },
      { salesforceField: 'Where__c', target: { kind: 'custom_attribute', key: 'where' }, mode: 'set' },
      { salesforceField: 'Tier__c', target: { kind: 'user_field', key: 'plan' }, mode: 'set' },
      { salesforceField: 'Nope__c', target: { kind: 'standard', attribute: 'notes' }, mode: 'set' },
    ];
    const existing = [
      { id: 1, key: 'TIER', title: 'Tier', type: 'dropdown', active: true, options: ['Gold', 'silver'] },
    ];
    const catalogue = buildCatalogue(mappings, describe, existing);
    expect(catalogue.missing.size).toBe(0);
    expect(catalogue.attributes.map((a) => a.key)).toEqual(['user_fields.TIER']);
    // An existing dropdown keeps its own option values: "Gold" as is, "Silver" by its tag.
    expect([...catalogue.attributes[0].options!]).toEqual([
      ['Gold', 'Gold'],
      ['Silver', 'silver'],
    ]);
    expect(catalogue.problems).toEqual([
      'Mapping user_fields.where: a location field cannot become a Zendesk user field.',
      'Mapping user_fields.plan: Zendesk has no user field with the key plan.',
      'Mapping notes: User has no field named Nope__c.',
    ]);
  });
});

describe('a payload', () => {
  const settings: PushSettings = {
    recordId: 'a0X',
    name: 'P',
    enabled: true,
    segment: 'IsActive = true',
    matchKey: 'email',
    externalIdField: null,
    nameField: 'Name',
    insertMode: false,
    sendVerificationEmail: false,
    scheduleHours: 24,
    schedule: { kind: 'hours', hours: 24 },
    lastRunAt: null,
    notice: null,
    mappings: [],
  };
  const attr = (kind: Parameters<typeof attributeValue>[0]['kind'], source: UserField) => ({
    key: 'k',
    kind,
    source,
    mapping: {
      salesforceField: source.name,
      target: { kind: 'standard' as const, attribute: 'notes' as const },
      mode: 'set' as const,
    },
  });

  it('is normalised: emails trimmed and lower-cased, ISO dates, blank as null, tags sorted', () => {
    expect(attributeValue(attr('text', f('E', 'email')), '  Ada@Example.COM ')).toBe('ada@example.com');
    expect(attributeValue(attr('date', f('T', 'datetime')), '2024-05-01T23:30:00.000+0000')).toBe(
      '2024-05-01',
    );
    expect(attributeValue(attr('text', f('T', 'datetime')), '2024-05-01T23:30:00.000+0200')).toBe(
      '2024-05-01T21:30:00.000Z',
    );
    expect(attributeValue(attr('text', f('S', 'string')), '   ')).toBeNull();
    expect(attributeValue(attr('tags', f('M', 'multipicklist')), 'VIP;Beta Tester;vip')).toEqual([
      'beta_tester',
      'vip',
    ]);
    expect(attributeValue(attr('integer', f('N', 'double')), 2.6)).toBe(3);
    expect(attributeValue(attr('checkbox', f('B', 'boolean')), false)).toBe(false);
    expect(attributeValue(attr('organization', f('O', 'string')), '12')).toBe(12);
  });

  it('has its attributes in a stable order and the key the match key names', () => {
    const a = { ...attr('text', f('Title', 'string')), key: 'notes' };
    const b = { ...attr('text', f('Department', 'string')), key: 'alias' };
    const record = { Id: '005A', Name: ' Ada ', Email: 'ADA@x.com', Title: 'CTO', Department: 'R&D' };
    const payload = buildPayload(record, settings, [a, b]);
    expect(payload).toEqual({
      userId: '005A',
      label: 'Ada',
      key: 'ada@x.com',
      name: 'Ada',
      email: 'ada@x.com',
      attributes: { alias: 'R&D', notes: 'CTO' },
    });
    expect(Object.keys(buildPayload(record, settings, [b, a]).attributes)).toEqual(['alias', 'notes']);
    const byId = buildPayload(
      { ...record, EmployeeNumber: ' E-7 ' },
      { ...settings, matchKey: 'external_id', externalIdField: 'EmployeeNumber' },
      [],
    );
    expect(byId.key).toBe('E-7');
  });
});
