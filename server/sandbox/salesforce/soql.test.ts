import { SoqlError, SoqlRecord, bindSoql, parseSoql, runSoql } from './soql';
import { standardSchema } from './schema';
import { loadMetadata } from './metadata';
import { FIXTURE_METADATA } from './test-helpers';

const schema = standardSchema();
loadMetadata(schema, FIXTURE_METADATA);

const PROFILE_ADMIN = '00e8d0000000001AAA';
const PROFILE_STD = '00e8d0000000002AAA';
const profiles: SoqlRecord[] = [
  { Id: PROFILE_ADMIN, Name: 'System Administrator' },
  { Id: PROFILE_STD, Name: 'Standard User' },
];

function user(n: number, extra: SoqlRecord = {}): SoqlRecord {
  return {
    Id: `0058d00000000${String(n).padStart(2, '0')}AAA`,
    Username: `u${n}@example.com`,
    LastName: `Last${n}`,
    FirstName: null,
    Email: `u${n}@example.com`,
    IsActive: true,
    ProfileId: PROFILE_STD,
    CreatedDate: `2026-01-${String(n).padStart(2, '0')}T10:00:00.000+0000`,
    IAdvize_Sync__c: false,
    IAdvize_Operator_Id__c: null,
    ...extra,
  };
}

const users: SoqlRecord[] = [
  user(1, { FirstName: 'Ann', IAdvize_Sync__c: true, IAdvize_Operator_Id__c: 'op-1' }),
  user(2, { FirstName: "O'Brien", Email: 'obrien@example.com' }),
  user(3, { IsActive: false, ProfileId: PROFILE_ADMIN }),
  user(4, { FirstName: 'ann', Email: 'ANN.X@example.com' }),
  user(5, { FirstName: '100%_sure' }),
];

function run(soql: string, now = Date.parse('2026-01-05T12:00:00Z')) {
  const bound = bindSoql(parseSoql(soql), schema, { now });
  return runSoql(bound, {
    rows: bound.object.name === 'User' ? users : profiles,
    lookup: (object, id) => (object === 'Profile' ? profiles : users).find((r) => r.Id === id),
    value: (_def, record, field) => record[field.name],
  });
}

const lastNames = (soql: string) => run(soql).rows.map((r) => r.LastName);

function error(soql: string): SoqlError {
  try {
    run(soql);
  } catch (e) {
    if (e instanceof SoqlError) return e;
    throw e;
  }
  throw new Error('expected a SoqlError');
}

describe('SOQL parser', () => {
  it('parses select list, relationship paths, where, order by, limit and offset', () => {
    const q = parseSoql(
      "SELECT Id, Profile.Name FROM User WHERE (IsActive = true AND Email LIKE '%@example.com') OR NOT Name = null ORDER BY LastName DESC NULLS LAST, Id LIMIT 10 OFFSET 5",
    );
    expect(q.select).toHaveLength(2);
    expect(q.from.name).toBe('User');
    expect(q.where?.kind).toBe('or');
    expect(q.orderBy).toEqual([
      expect.objectContaining({ descending: true, nullsLast: true }),
      expect.objectContaining({ descending: false, nullsLast: false }),
    ]);
    expect(q.limit).toBe(10);
    expect(q.offset).toBe(5);
  });

  it('is case-insensitive for keywords', () => {
    expect(parseSoql('select id from user where isactive = TRUE order by id asc limit 1').limit).toBe(1);
  });

  it('decodes backslash escapes in string literals', () => {
    const q = parseSoql("SELECT Id FROM User WHERE LastName = 'a\\'b\\\\c\\nd\\u0041'");
    expect(q.where).toMatchObject({ kind: 'compare', value: { kind: 'string', value: "a'b\\c\nd" + 'A' } });
  });

  it('reads date and datetime literals and date functions', () => {
    const q = parseSoql(
      'SELECT Id FROM User WHERE CreatedDate > 2026-01-01T00:00:00Z AND CreatedDate < LAST_N_DAYS:3 AND LastLoginDate = 2026-01-01T01:00:00+01:00',
    );
    expect(q.where).toMatchObject({
      kind: 'and',
      items: [
        { value: { kind: 'datetime', value: Date.parse('2026-01-01T00:00:00Z') } },
        { value: { kind: 'dateFunction', name: 'LAST_N_DAYS', n: 3 } },
        { value: { kind: 'datetime', value: Date.parse('2026-01-01T00:00:00Z') } },
      ],
    });
  });

  it('reports syntax errors as MALFORMED_QUERY with the caret and position', () => {
    const e = error('SELECT Id FROM User WHERE');
    expect(e.errorCode).toBe('MALFORMED_QUERY');
    expect(e.message).toBe(
      "\nSELECT Id FROM User WHERE\n                         ^\nERROR at Row:1:Column:26\nunexpected token: '<EOF>'",
    );
  });

  it('refuses AND and OR mixed without parentheses, as SOQL does', () => {
    const e = error("SELECT Id FROM User WHERE IsActive = true AND LastName = 'a' OR LastName = 'b'");
    expect(e.errorCode).toBe('MALFORMED_QUERY');
    expect(e.message).toContain("unexpected token: 'OR'");
  });

  it('rejects invalid escapes and an OFFSET above 2000', () => {
    expect(error("SELECT Id FROM User WHERE LastName = 'a\\qb'").errorCode).toBe('MALFORMED_QUERY');
    expect(error('SELECT Id FROM User OFFSET 2001').errorCode).toBe('NUMBER_OUTSIDE_VALID_RANGE');
  });
});

describe('SOQL binding', () => {
  it('reports an unknown field with Salesforce INVALID_FIELD wording', () => {
    const e = error('SELECT Naem FROM User');
    expect(e.errorCode).toBe('INVALID_FIELD');
    expect(e.message).toBe(
      "\nSELECT Naem FROM User\n       ^\nERROR at Row:1:Column:8\nNo such column 'Naem' on entity 'User'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.",
    );
  });

  it('reports an unknown object as INVALID_TYPE', () => {
    const e = error('SELECT Id FROM Contact123');
    expect(e.errorCode).toBe('INVALID_TYPE');
    expect(e.message).toContain("sObject type 'Contact123' is not supported.");
    expect(e.message).toContain('ERROR at Row:1:Column:16');
  });

  it('does not allow querying a platform event', () => {
    expect(error('SELECT Id FROM IAdvize_Sync_Request__e').errorCode).toBe('INVALID_TYPE');
  });

  it('type-checks filter values', () => {
    expect(error("SELECT Id FROM User WHERE IsActive = 'true'").message).toContain(
      "value of filter criterion for field 'IsActive' must be of type boolean and should not be enclosed in quotes",
    );
    expect(error("SELECT Id FROM User WHERE CreatedDate > '2026-01-01'").message).toContain(
      'must be of type dateTime',
    );
    expect(error('SELECT Id FROM User WHERE Email = 5').message).toContain(
      'must be of type string and should be enclosed in quotes',
    );
    const bad = error("SELECT Id FROM User WHERE Id = 'nope'");
    expect(bad.errorCode).toBe('INVALID_QUERY_FILTER_OPERATOR');
    expect(bad.message).toContain('invalid ID field: nope');
  });

  it('refuses a duplicate field and an unknown relationship', () => {
    expect(error('SELECT Id, id FROM User')).toMatchObject({
      errorCode: 'INVALID_FIELD',
      message: 'duplicate field selected: Id',
    });
    expect(error('SELECT Manager2.Name FROM User').message).toContain(
      "Didn't understand relationship 'Manager2'",
    );
  });
});

describe('SOQL evaluation', () => {
  it('returns canonical field names whatever the case used in the query', () => {
    const [row] = run("SELECT ID, lastname, iadvize_sync__c FROM USER WHERE lastname = 'Last1'").rows;
    expect(Object.keys(row)).toEqual(['Id', 'LastName', 'IAdvize_Sync__c']);
  });

  it('compares text case-insensitively and ids in 15 or 18 characters', () => {
    expect(lastNames("SELECT LastName FROM User WHERE FirstName = 'ANN'")).toEqual(['Last1', 'Last4']);
    expect(lastNames("SELECT LastName FROM User WHERE Id = '0058d0000000002'")).toEqual(['Last2']);
    expect(
      lastNames(`SELECT LastName FROM User WHERE Id IN ('0058d0000000001AAA', '0058d0000000003')`),
    ).toEqual(['Last1', 'Last3']);
  });

  it('supports LIKE with % and _ and escaped wildcards', () => {
    expect(lastNames("SELECT LastName FROM User WHERE Email LIKE 'ann%'")).toEqual(['Last4']);
    expect(lastNames("SELECT LastName FROM User WHERE Email LIKE 'u_@example.com'")).toEqual([
      'Last1',
      'Last3',
      'Last5',
    ]);
    expect(lastNames("SELECT LastName FROM User WHERE FirstName LIKE '100\\%\\_%'")).toEqual(['Last5']);
    expect(lastNames("SELECT LastName FROM User WHERE FirstName = 'O\\'Brien'")).toEqual(['Last2']);
  });

  it('handles null, !=, NOT, IN and NOT IN like SOQL', () => {
    expect(lastNames('SELECT LastName FROM User WHERE IAdvize_Operator_Id__c != null')).toEqual(['Last1']);
    expect(lastNames("SELECT LastName FROM User WHERE IAdvize_Operator_Id__c != 'op-1'")).toEqual([
      'Last2',
      'Last3',
      'Last4',
      'Last5',
    ]);
    expect(lastNames('SELECT LastName FROM User WHERE FirstName = null')).toEqual(['Last3']);
    expect(lastNames('SELECT LastName FROM User WHERE NOT (IsActive = true AND FirstName != null)')).toEqual([
      'Last3',
    ]);
    expect(lastNames("SELECT LastName FROM User WHERE FirstName NOT IN ('Ann', 'x')")).toEqual([
      'Last2',
      'Last5',
    ]);
  });

  it('filters on datetimes, date literals and parent fields', () => {
    expect(lastNames('SELECT LastName FROM User WHERE CreatedDate >= 2026-01-04T00:00:00Z')).toEqual([
      'Last4',
      'Last5',
    ]);
    expect(lastNames('SELECT LastName FROM User WHERE CreatedDate = TODAY')).toEqual(['Last5']);
    expect(lastNames('SELECT LastName FROM User WHERE CreatedDate = LAST_N_DAYS:1')).toEqual([
      'Last4',
      'Last5',
    ]);
    expect(lastNames("SELECT LastName FROM User WHERE Profile.Name = 'System Administrator'")).toEqual([
      'Last3',
    ]);
  });

  it('orders by several keys with ASC/DESC and NULLS FIRST/LAST', () => {
    expect(lastNames('SELECT LastName FROM User ORDER BY FirstName')).toEqual([
      'Last3',
      'Last5',
      'Last1',
      'Last4',
      'Last2',
    ]);
    expect(lastNames('SELECT LastName FROM User ORDER BY FirstName DESC')).toEqual([
      'Last2',
      'Last1',
      'Last4',
      'Last5',
      'Last3',
    ]);
    expect(lastNames('SELECT LastName FROM User ORDER BY FirstName ASC NULLS LAST, LastName DESC')).toEqual([
      'Last5',
      'Last4',
      'Last1',
      'Last2',
      'Last3',
    ]);
  });

  it('applies LIMIT and OFFSET after ordering', () => {
    expect(lastNames('SELECT LastName FROM User ORDER BY LastName DESC LIMIT 2 OFFSET 1')).toEqual([
      'Last4',
      'Last3',
    ]);
  });

  it('nests parent relationship fields and leaves them null when there is no parent', () => {
    const rows = run("SELECT Id, Profile.Name, Manager.Email FROM User WHERE LastName = 'Last3'").rows;
    expect(rows[0]).toEqual({
      Id: users[2].Id,
      Profile: { __type: 'Profile', __id: PROFILE_ADMIN, Name: 'System Administrator' },
      Manager: null,
    });
  });

  it('counts with COUNT() and COUNT(field)', () => {
    expect(run('SELECT COUNT() FROM User WHERE IsActive = true')).toMatchObject({
      countOnly: true,
      totalSize: 4,
      rows: [],
    });
    expect(run('SELECT COUNT(FirstName) n FROM User').rows).toEqual([{ __type: 'AggregateResult', n: 4 }]);
    expect(run('SELECT COUNT(Id) FROM User').rows).toEqual([{ __type: 'AggregateResult', expr0: 5 }]);
  });
});
