/**
 * UserSyncPushRules and UserSyncPushMappingRules of force-app: what makes a push savable and
 * enableable, the key a custom attribute gets, whether a Zendesk scope lets the companion write.
 * Pure, with the same messages as the Apex classes.
 */
import { createHash } from 'node:crypto';
import { scheduleProblems } from './schedule-rules';

export const MATCH_EMAIL = 'Email';
export const MATCH_EXTERNAL_ID = 'External ID';
export const KIND_STANDARD = 'Standard';
export const KIND_USER_FIELD = 'User field';
export const KIND_CUSTOM = 'Custom attribute';
const MODES = new Set(['Set', 'Only if empty']);
const STANDARD_TARGETS = [
  'alias',
  'details',
  'notes',
  'phone',
  'time_zone',
  'locale',
  'tags',
  'organization_id',
  'external_id',
];
const MAX_SEGMENT_LENGTH = 4000;
const RESERVED_KEYS = new Set([
  'id',
  'name',
  'tags',
  'details',
  'notes',
  'email',
  'external_id',
  'role',
  'alias',
  'phone',
  'locale',
  'time_zone',
  'organization_id',
  'channel',
]);
const KEY = /^[A-Za-z0-9_]{1,64}$/;
const DIGITS = /^[0-9]+$/;

export const PREVIEW_FIRST_MESSAGE =
  'Click Preview first: the app shows how many users the segment matches before the push is enabled.';
export const WRITE_ACCESS_MESSAGE =
  'Zendesk is connected with read access only: click Reconnect with write access first.';

/** UserSyncPushController.PushSettings. */
export interface PushSettings {
  id: string | null;
  name: string | null;
  segment: string | null;
  matchKey: string | null;
  externalIdField: string | null;
  nameField: string | null;
  insertMode: boolean | null;
  sendVerificationEmail: boolean | null;
  scheduleHours: number | null;
  scheduleCron: string | null;
  scheduleTimeZone: string | null;
}

/** UserSyncPushController.MappingSettings. */
export interface MappingSettings {
  id: string | null;
  salesforceField: string | null;
  kind: string | null;
  target: string | null;
  mode: string | null;
}

const blank = (v: string | null | undefined): boolean => v === null || v === undefined || v.trim() === '';

/** UserSyncPushRules.customKey: Tier__c gives tier, Name gives sf_name. */
export function customKey(fieldName: string | null): string {
  const base = (fieldName ?? '')
    .replace(/__c$/i, '')
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '_')
    .replace(/_+/g, '_')
    .replace(/^_|_$/g, '')
    .slice(0, 60);
  if (base === '' || DIGITS.test(base) || RESERVED_KEYS.has(base))
    return `sf_${base === '' ? 'field' : base}`;
  return base;
}

/** UserSyncPushRules.segmentHash: SHA-256 hex of the segment's UTF-8 text. */
export function segmentHash(segment: unknown): string {
  return createHash('sha256')
    .update(typeof segment === 'string' ? segment : '', 'utf8')
    .digest('hex');
}

/** UserSyncPushRules.hasWriteAccess. */
export function hasWriteAccess(scope: unknown): boolean {
  return typeof scope === 'string' && scope.split(/\s+/).includes('write');
}

/** UserSyncPushRules.pushProblems. */
export function pushProblems(settings: PushSettings, userFields: Set<string>): string[] {
  const problems: string[] = [];
  if (blank(settings.name)) problems.push('Give the push a name.');
  if (blank(settings.segment))
    problems.push('Write a segment: a filter over User, for example IsActive = true.');
  else if ((settings.segment as string).length > MAX_SEGMENT_LENGTH)
    problems.push(`The segment is longer than ${MAX_SEGMENT_LENGTH} characters.`);
  if (settings.matchKey !== MATCH_EMAIL && settings.matchKey !== MATCH_EXTERNAL_ID)
    problems.push('Match users by Email or by External ID.');
  if (settings.matchKey === MATCH_EXTERNAL_ID && !userFields.has(settings.externalIdField ?? ''))
    problems.push('Choose the User field that holds the external id.');
  if (!blank(settings.nameField) && !userFields.has(settings.nameField as string))
    problems.push(`"${settings.nameField}" is not a User field you can read.`);
  const hours = settings.scheduleHours;
  if (hours !== null && (hours < 1 || hours > 999))
    problems.push('Schedule must be between 1 and 999 hours.');
  problems.push(...scheduleProblems(settings.scheduleCron, settings.scheduleTimeZone));
  return problems;
}

/** UserSyncPushMappingRules.targetKey: notes, user_fields.tier. */
export function targetKey(mapping: MappingSettings): string {
  return mapping.kind === KIND_STANDARD ? String(mapping.target) : `user_fields.${String(mapping.target)}`;
}

function targetProblems(mapping: MappingSettings, matchKey: string | null): string[] {
  if (mapping.kind === KIND_STANDARD) {
    if (!STANDARD_TARGETS.includes(mapping.target ?? ''))
      return [`"${String(mapping.target)}" is not a Zendesk user attribute.`];
    if (mapping.target === 'external_id' && matchKey === MATCH_EXTERNAL_ID)
      return ['The external id is the match key: it cannot be mapped too.'];
    return [];
  }
  if (mapping.kind === KIND_USER_FIELD || mapping.kind === KIND_CUSTOM) {
    const key = mapping.target;
    if (key === null || !KEY.test(key) || DIGITS.test(key))
      return [`"${String(key)}" is not a Zendesk user field key (letters, digits, underscores).`];
    return [];
  }
  return ['Kind must be Standard, User field or Custom attribute.'];
}

/** UserSyncPushMappingRules.mappingProblems. */
export function mappingProblems(
  mappings: MappingSettings[],
  userFields: Set<string>,
  matchKey: string | null,
): string[] {
  const problems: string[] = [];
  const targets = new Set<string>();
  for (const mapping of mappings) {
    const target = targetKey(mapping);
    if (!userFields.has(mapping.salesforceField ?? ''))
      problems.push(`"${String(mapping.salesforceField)}" is not a User field you can read.`);
    if (!MODES.has(mapping.mode ?? '')) problems.push('Mode must be Set or Only if empty.');
    problems.push(...targetProblems(mapping, matchKey));
    if (targets.has(target)) problems.push(`${target} is mapped twice.`);
    targets.add(target);
  }
  return problems;
}

/** UserSyncPushRecords.withKeys: a custom attribute without a key gets the Salesforce field's. */
export function withKeys(mappings: MappingSettings[]): MappingSettings[] {
  return mappings.map((m) =>
    m.kind === KIND_CUSTOM && blank(m.target) ? { ...m, target: customKey(m.salesforceField) } : m,
  );
}

/** UserSyncPushRules.enableProblems. */
export function enableProblems(push: Record<string, unknown>, grantedScope: unknown): string[] {
  const problems: string[] = [];
  if (push.Segment_Checked__c !== segmentHash(push.Segment__c)) problems.push(PREVIEW_FIRST_MESSAGE);
  if (typeof grantedScope === 'string' && grantedScope.trim() !== '' && !hasWriteAccess(grantedScope))
    problems.push(WRITE_ACCESS_MESSAGE);
  return problems;
}
