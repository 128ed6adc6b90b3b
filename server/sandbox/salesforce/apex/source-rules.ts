/**
 * UserSyncSourceRules, UserSyncSettingsRules and UserSyncSourceViews of force-app: subdomains, roles,
 * settings checks, and the card a settings record becomes. Pure, except the User describe.
 */
import type { Org } from '../org';
import { parseDateTime } from '../values';
import type { ApexContext } from './runtime';
import { normalise, normaliseTimeZone, scheduleProblems } from './schedule-rules';

export const ZENDESK = 'zendesk';
export const INTERCOM = 'intercom';
export const SOURCES = [ZENDESK, INTERCOM];
const LABELS: Record<string, string> = { zendesk: 'Zendesk', intercom: 'Intercom' };
const SUBDOMAIN = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
const CUSTOM_ROLE_ID = /^[0-9]{1,19}$/;
const REGIONS = new Set(['US', 'EU', 'AU']);
const MATCHABLE_TYPES = new Set(['string', 'email', 'phone']);

export const BAD_SUBDOMAIN_MESSAGE =
  'Enter the Zendesk subdomain: for https://acme.zendesk.com enter acme. ' +
  'Letters, digits and hyphens only, at most 63, not starting or ending with a hyphen.';
export const ROLES_REQUIRED_MESSAGE =
  'Choose at least one Zendesk role to import: Agents, Admins or a custom role.';

export interface Option {
  label: string;
  value: string;
}

export interface SourceSettings {
  roles: string[] | null;
  primaryIdentifier: string | null;
  matchUserField: string | null;
  intercomRegion: string | null;
  scheduleHours: number | null;
  scheduleCron: string | null;
  scheduleTimeZone: string | null;
  deactivationThreshold: number | null;
  updateLinkedUserNames: boolean | null;
  deactivateLinkedUsers: boolean | null;
}

export type SourceRecord = Record<string, unknown>;

const blank = (v: unknown): boolean => v === null || v === undefined || String(v).trim() === '';

export function isKnownSource(source: unknown): source is string {
  return typeof source === 'string' && source in LABELS;
}

export function label(source: string): string {
  return LABELS[source] ?? source;
}

export function normaliseSubdomain(input: unknown): string | null {
  if (blank(input)) return null;
  let value = String(input)
    .trim()
    .toLowerCase()
    .replace(/^https:\/\//, '')
    .replace(/^http:\/\//, '');
  const slash = value.indexOf('/');
  if (slash >= 0) value = value.slice(0, slash);
  if (value.endsWith('.zendesk.com')) value = value.slice(0, -'.zendesk.com'.length);
  return SUBDOMAIN.test(value) ? value : null;
}

export function splitRoles(value: unknown): string[] {
  if (blank(value)) return [];
  const roles: string[] = [];
  for (const part of String(value).split(/[;,\s]+/)) {
    const role = part.trim().toLowerCase();
    if (role && !roles.includes(role)) roles.push(role);
  }
  return roles;
}

export function joinRoles(roles: string[] | null): string | null {
  const cleaned = splitRoles(roles ? roles.join(';') : null);
  return cleaned.length > 0 ? cleaned.join(';') : null;
}

export function roleOptions(customRolesJson: unknown): Option[] {
  const options: Option[] = [
    { label: 'Agents', value: 'agent' },
    { label: 'Admins', value: 'admin' },
  ];
  if (blank(customRolesJson)) return options;
  try {
    const parsed: unknown = JSON.parse(String(customRolesJson));
    if (!Array.isArray(parsed)) return options;
    const custom: Option[] = [];
    for (const item of parsed as Array<Record<string, unknown>>) {
      const id = item?.id === null || item?.id === undefined ? null : String(item.id);
      if (id !== null && CUSTOM_ROLE_ID.test(id))
        custom.push({
          label: `${item.name === null || item.name === undefined ? id : String(item.name)} (custom role)`,
          value: id,
        });
    }
    return [...options, ...custom];
  } catch {
    return options;
  }
}

export function isConnected(status: unknown): boolean {
  return typeof status === 'string' && status.startsWith('Connected to ');
}

export function liveConnectLink(link: unknown, expires: unknown, now: number): string | null {
  const expiresAt = typeof expires === 'string' ? parseDateTime(expires) : undefined;
  if (blank(link) || expiresAt === undefined) return null;
  return expiresAt > now ? String(link) : null;
}

/** Text, email and phone fields of User the running user can read (all filterable here). */
export function matchableUserFields(org: Org, userId: string): Map<string, string> {
  const fields = new Map<string, string>();
  const def = org.def('User');
  for (const name of def.fieldOrder) {
    const field = def.fields.get(name.toLowerCase());
    if (
      field &&
      MATCHABLE_TYPES.has(field.type) &&
      org.permissions.fieldAccess(userId, 'User', field.name).readable
    )
      fields.set(field.name, field.label);
  }
  return fields;
}

export function matchFieldOptions(ctx: ApexContext): Option[] {
  const options = [...matchableUserFields(ctx.org, ctx.userId)].map(([name, fieldLabel]) => ({
    label: `${fieldLabel} (${name})`,
    value: name,
  }));
  return options.sort((a, b) => (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
}

export function settingsProblems(source: string, settings: SourceSettings, matchable: Set<string>): string[] {
  const problems: string[] = [];
  if (source === ZENDESK) {
    const chosen = splitRoles(settings.roles ? settings.roles.join(';') : null);
    if (chosen.length === 0) problems.push(ROLES_REQUIRED_MESSAGE);
    for (const role of chosen)
      if (role !== 'agent' && role !== 'admin' && !CUSTOM_ROLE_ID.test(role))
        problems.push(`"${role}" is not a Zendesk role: use Agents, Admins or a custom role.`);
  }
  if (source === INTERCOM && !blank(settings.intercomRegion) && !REGIONS.has(String(settings.intercomRegion)))
    problems.push('Intercom region must be US, EU or AU.');
  if (!blank(settings.matchUserField) && !matchable.has(String(settings.matchUserField)))
    problems.push(`"${settings.matchUserField}" is not a User field that can be matched.`);
  if (settings.primaryIdentifier !== null && settings.primaryIdentifier.trim().length > 80)
    problems.push('The primary identifier column name is longer than 80 characters.');
  const hours = settings.scheduleHours;
  if (hours !== null && (hours < 1 || hours > 168))
    problems.push('Schedule must be between 1 and 168 hours.');
  problems.push(...scheduleProblems(settings.scheduleCron, settings.scheduleTimeZone));
  const threshold = settings.deactivationThreshold;
  if (threshold !== null && (threshold < 0 || threshold > 100))
    problems.push('The deactivation threshold is a percentage between 0 and 100.');
  return problems;
}

/** The settings as a card shows them (UserSyncSourceViews.toView, settings part). */
export function settingsOf(record: SourceRecord): SourceSettings {
  const hours = record.Schedule_Hours__c;
  return {
    roles: splitRoles(record.Zendesk_Roles__c),
    primaryIdentifier: (record.Primary_Identifier__c as string | null) ?? null,
    matchUserField: (record.Match_User_Field__c as string | null) ?? null,
    intercomRegion: (record.Intercom_Region__c as string | null) ?? null,
    scheduleHours: hours === null || hours === undefined ? null : Math.trunc(Number(hours)),
    scheduleCron: (record.Schedule_Cron__c as string | null) ?? null,
    scheduleTimeZone: (record.Schedule_Time_Zone__c as string | null) ?? null,
    deactivationThreshold: (record.Deactivation_Threshold__c as number | null) ?? null,
    updateLinkedUserNames: record.Update_Linked_User_Names__c === true,
    deactivateLinkedUsers: record.Deactivate_Linked_Users__c === true,
  };
}

/** UserSyncSourceViews.apply: checked settings onto the record's fields. */
export function applySettings(settings: SourceSettings, record: SourceRecord): void {
  const zendesk = record.Source__c === ZENDESK;
  record.Zendesk_Roles__c = zendesk ? joinRoles(settings.roles) : null;
  record.Intercom_Region__c = zendesk ? null : settings.intercomRegion;
  record.Primary_Identifier__c = blank(settings.primaryIdentifier)
    ? null
    : String(settings.primaryIdentifier).trim();
  record.Match_User_Field__c = blank(settings.matchUserField) ? null : settings.matchUserField;
  record.Schedule_Hours__c = settings.scheduleHours ?? 6;
  record.Schedule_Cron__c = normalise(settings.scheduleCron);
  record.Schedule_Time_Zone__c = normaliseTimeZone(settings.scheduleTimeZone);
  record.Deactivation_Threshold__c = settings.deactivationThreshold ?? 20;
  record.Update_Linked_User_Names__c = settings.updateLinkedUserNames === true;
  record.Deactivate_Linked_Users__c = settings.deactivateLinkedUsers === true;
}
