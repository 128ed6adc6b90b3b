import { checkSegment } from './segment';
import type { UserField } from './types';

const field = (name: string, type: string, filterable = true): [string, UserField] => [
  name.toLowerCase(),
  { name, label: name, type, filterable, scale: 0, picklistValues: [] },
];
const FIELDS = new Map<string, UserField>([
  field('IsActive', 'boolean'),
  field('Department', 'string'),
  field('Email', 'email'),
  field('UserType', 'picklist'),
  field('CreatedDate', 'datetime'),
  field('Birthday__c', 'date'),
  field('Seats__c', 'double'),
  field('AboutMe', 'textarea', false),
]);

const check = (segment: string) => checkSegment(segment, FIELDS);

describe('a push segment', () => {
  it('is rebuilt from its parse: field names as User spells them, strings escaped again, precedence kept', () => {
    expect(check("isactive = TRUE and (department = 'Support' or DEPARTMENT like 'Sales%')")).toEqual({
      ok: true,
      value: "IsActive = true AND (Department = 'Support' OR Department LIKE 'Sales%')",
    });
    expect(check("NOT (UserType IN ('Standard','PowerPartner')) AND Seats__c >= 2.5")).toEqual({
      ok: true,
      value: "NOT (UserType IN ('Standard', 'PowerPartner')) AND Seats__c >= 2.5",
    });
    expect(
      check("Email NOT IN ('a@x.com') AND CreatedDate > LAST_N_DAYS:30 AND Birthday__c = 2000-01-31"),
    ).toEqual({
      ok: true,
      value: "Email NOT IN ('a@x.com') AND CreatedDate > LAST_N_DAYS:30 AND Birthday__c = 2000-01-31",
    });
    expect(check("Department = 'O\\'Brien' OR Department = null")).toEqual({
      ok: true,
      value: "Department = 'O\\'Brien' OR Department = null",
    });
  });

  it('refuses what is not a filter, saying where', () => {
    expect(check('IsActive = true; DELETE')).toEqual({
      ok: false,
      error: 'Segment: ";" at character 16 is not part of a filter.',
    });
    expect(check('IsActive = true LIMIT 5')).toEqual({
      ok: false,
      error: 'Segment: "LIMIT" at character 17 is not part of a filter.',
    });
    expect(check('Id IN (SELECT UserId FROM PermissionSetAssignment)').ok).toBe(false);
    expect(check("Profile.Name = 'x'")).toEqual({
      ok: false,
      error: 'Segment: ".Name" at character 8 is not part of a filter.',
    });
    expect(check("IsActive = true OR 'x' = 'x'")).toEqual({
      ok: false,
      error: 'Segment: expected a User field at character 20.',
    });
    expect(check('')).toEqual({
      ok: false,
      error: 'Segment: write a filter over User, for example IsActive = true.',
    });
  });

  it('checks every field against the User describe and every value against its type', () => {
    expect(check("Departmnt = 'Support'")).toEqual({
      ok: false,
      error: 'Segment: User has no field named Departmnt (character 1).',
    });
    expect(check("AboutMe = 'x'")).toEqual({
      ok: false,
      error: 'Segment: AboutMe cannot be used in a filter.',
    });
    expect(check("IsActive = 'yes'")).toEqual({
      ok: false,
      error: "Segment: IsActive (boolean) cannot be compared with the text 'yes'.",
    });
    expect(check('IsActive > true').ok).toBe(false);
    expect(check("Seats__c = '3'").ok).toBe(false);
    expect(check('CreatedDate > 2024-01-01').ok).toBe(false);
    expect(check('CreatedDate > 2024-01-01T00:00:00Z').ok).toBe(true);
    expect(check("Seats__c LIKE '3%'")).toEqual({
      ok: false,
      error: 'Segment: LIKE works on text fields; Seats__c is not one.',
    });
    expect(check('IsActive = true AND')).toEqual({ ok: false, error: 'Segment: the filter ends too early.' });
    expect(check('(IsActive = true')).toEqual({ ok: false, error: 'Segment: expected ")" at the end.' });
  });
});
