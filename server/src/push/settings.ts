/**
 * A push as the admin saved it (User_Sync_Push__c and its User_Sync_Push_Mapping__c children), read
 * with zod and checked for what can be checked without Salesforce's describe or Zendesk: a usable
 * record, or every problem in words for the record's Status_Message__c.
 */
import { z } from 'zod';
import { parseSchedule, type Schedule } from '../jobs/schedule';
import { err, ok, type Result } from '../lib/result';
import {
  STANDARD_ATTRIBUTES,
  attributeKey,
  type Mapping,
  type PushSettings,
  type StandardAttribute,
} from './types';

export const PUSH_FIELDS = [
  'Id',
  'Name',
  'Enabled__c',
  'Segment__c',
  'Match_Key__c',
  'External_Id_Field__c',
  'Name_Field__c',
  'Insert_Mode__c',
  'Send_Verification_Email__c',
  'Schedule_Hours__c',
  'Schedule_Cron__c',
  'Schedule_Time_Zone__c',
  'Last_Run__c',
  'Notice__c',
] as const;

export const MAPPING_FIELDS = [
  'Id',
  'Push__c',
  'Salesforce_Field__c',
  'Target__c',
  'Kind__c',
  'Mode__c',
] as const;

const text = z.string().nullish();
const pushSchema = z.object({
  Id: z.string().min(1),
  Name: z.string(),
  Enabled__c: z.boolean().nullish(),
  Segment__c: text,
  Match_Key__c: text,
  External_Id_Field__c: text,
  Name_Field__c: text,
  Insert_Mode__c: z.boolean().nullish(),
  Send_Verification_Email__c: z.boolean().nullish(),
  Schedule_Hours__c: z.number().nullish(),
  Schedule_Cron__c: text,
  Schedule_Time_Zone__c: text,
  Last_Run__c: text,
  Notice__c: text,
});

const mappingSchema = z.object({
  Id: z.string(),
  Salesforce_Field__c: text,
  Target__c: text,
  Kind__c: text,
  Mode__c: text,
});

/** An API name: the only thing from a record that may reach a query or a Zendesk key. */
export const API_NAME = /^[A-Za-z][A-Za-z0-9_]{0,79}$/;
/** A Zendesk custom field key as the push accepts it (attributes.ts derives them). */
export const FIELD_KEY = /^[A-Za-z0-9_]{1,64}$/;
const DEFAULT_SCHEDULE_HOURS = 24;

const blank = (s: string | null | undefined): string | null => (s && s.trim() ? s.trim() : null);

function mappingOf(raw: z.infer<typeof mappingSchema>, problems: string[]): Mapping | undefined {
  const where = `Mapping ${raw.Id}`;
  const field = blank(raw.Salesforce_Field__c);
  const target = blank(raw.Target__c);
  if (!field || !API_NAME.test(field)) {
    problems.push(`${where}: choose the Salesforce field it sends.`);
    return undefined;
  }
  const mode = raw.Mode__c === 'Only if empty' ? 'only_if_empty' : 'set';
  switch (raw.Kind__c) {
    case 'Standard':
      if (!target || !STANDARD_ATTRIBUTES.includes(target as StandardAttribute)) {
        problems.push(
          `${where}: ${target ?? '(none)'} is not a Zendesk user attribute (${STANDARD_ATTRIBUTES.join(', ')}).`,
        );
        return undefined;
      }
      return {
        salesforceField: field,
        target: { kind: 'standard', attribute: target as StandardAttribute },
        mode,
      };
    case 'User field':
    case 'Custom attribute':
      if (!target || !FIELD_KEY.test(target) || /^\d+$/.test(target)) {
        problems.push(
          `${where}: ${target ?? '(none)'} is not a Zendesk user field key (letters, digits, underscores).`,
        );
        return undefined;
      }
      return {
        salesforceField: field,
        target: { kind: raw.Kind__c === 'User field' ? 'user_field' : 'custom_attribute', key: target },
        mode,
      };
    default:
      problems.push(`${where}: kind must be Standard, User field or Custom attribute.`);
      return undefined;
  }
}

/** The push and its mappings, or every problem found (each a sentence). */
export function parsePushSettings(record: unknown, mappings: unknown[]): Result<PushSettings, string[]> {
  const parsed = pushSchema.safeParse(record);
  if (!parsed.success) return err([`The push record cannot be read (${parsed.error.issues[0]?.message}).`]);
  const r = parsed.data;
  const problems: string[] = [];
  const segment = blank(r.Segment__c);
  if (!segment) problems.push('Segment: write a filter over User, for example IsActive = true.');
  const matchKey =
    r.Match_Key__c === 'External ID'
      ? 'external_id'
      : r.Match_Key__c === 'Email' || !r.Match_Key__c
        ? 'email'
        : undefined;
  if (!matchKey) problems.push(`Match key: ${r.Match_Key__c} is neither Email nor External ID.`);
  const externalIdField = blank(r.External_Id_Field__c);
  if (matchKey === 'external_id' && (!externalIdField || !API_NAME.test(externalIdField)))
    problems.push('External ID field: choose the User field that holds the external id.');
  const nameField = blank(r.Name_Field__c) ?? 'Name';
  if (!API_NAME.test(nameField)) problems.push(`Name field: ${nameField} is not a field name.`);
  const hours = r.Schedule_Hours__c ?? DEFAULT_SCHEDULE_HOURS;
  let schedule: Schedule | undefined;
  if (!(Number.isInteger(hours) && hours >= 1 && hours <= 999))
    problems.push('Schedule: hours between runs must be a whole number from 1 to 999.');
  else {
    const parsedSchedule = parseSchedule({
      hours,
      cron: r.Schedule_Cron__c,
      timeZone: r.Schedule_Time_Zone__c,
    });
    if (parsedSchedule.ok) schedule = parsedSchedule.value;
    else problems.push(parsedSchedule.error);
  }

  const list: Mapping[] = [];
  const seen = new Set<string>();
  for (const raw of mappings) {
    const m = mappingSchema.safeParse(raw);
    if (!m.success) {
      problems.push('A mapping record cannot be read.');
      continue;
    }
    const mapping = mappingOf(m.data, problems);
    if (!mapping) continue;
    const key = attributeKey(mapping.target);
    if (seen.has(key)) problems.push(`Mappings: ${key} is mapped twice.`);
    if (matchKey === 'external_id' && key === 'external_id')
      problems.push('Mappings: the external id is the match key; it cannot be mapped as an attribute too.');
    seen.add(key);
    list.push(mapping);
  }
  if (problems.length) return err(problems);
  const lastRun = r.Last_Run__c ? new Date(r.Last_Run__c) : null;
  return ok({
    recordId: r.Id,
    name: r.Name,
    enabled: r.Enabled__c === true,
    segment: segment!,
    matchKey: matchKey!,
    externalIdField: matchKey === 'external_id' ? externalIdField : null,
    nameField,
    insertMode: r.Insert_Mode__c === true,
    sendVerificationEmail: r.Send_Verification_Email__c === true,
    scheduleHours: hours,
    schedule: schedule!,
    lastRunAt: lastRun && !Number.isNaN(lastRun.getTime()) ? lastRun : null,
    notice: blank(r.Notice__c),
    mappings: list.sort((a, b) => attributeKey(a.target).localeCompare(attributeKey(b.target))),
  });
}
