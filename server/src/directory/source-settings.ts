import { z } from 'zod';
import { err, ok, type Result } from '../lib/result';
import type { TeamUserFilter } from '../sources/zendesk';
import { parseSubdomain } from '../sources/zendesk/subdomain';
import { parseSchedule, type Schedule } from '../jobs/schedule';
import type { SourceSettings } from './run-sync';
import type { SourceName } from './types';

/** The User_Sync_Source__c fields the companion reads. */
export const SOURCE_SETTINGS_FIELDS = [
  'Id',
  'Source__c',
  'Enabled__c',
  'Zendesk_Subdomain__c',
  'Intercom_Region__c',
  'Primary_Identifier__c',
  'Match_User_Field__c',
  'Zendesk_Roles__c',
  'Update_Linked_User_Names__c',
  'Deactivate_Linked_Users__c',
  'Deactivation_Threshold__c',
  'Schedule_Hours__c',
  'Schedule_Cron__c',
  'Schedule_Time_Zone__c',
  'Last_Run__c',
  // Read by CONNECT: a link for a push asks Zendesk for write access.
  'Zendesk_Write_Access__c',
] as const;

const text = z
  .string()
  .nullish()
  .transform((v) => v?.trim() || null);

const recordSchema = z.object({
  Id: z.string(),
  Source__c: z.enum(['zendesk', 'intercom']),
  Enabled__c: z.boolean(),
  Zendesk_Subdomain__c: text,
  Intercom_Region__c: text,
  Primary_Identifier__c: text,
  Match_User_Field__c: text,
  Zendesk_Roles__c: text,
  Update_Linked_User_Names__c: z.boolean(),
  Deactivate_Linked_Users__c: z.boolean(),
  Deactivation_Threshold__c: z.number().min(0).max(100).nullish(),
  Schedule_Hours__c: z.number().positive().nullish(),
  Schedule_Cron__c: text.optional(),
  Schedule_Time_Zone__c: text.optional(),
  Last_Run__c: z.string().nullish(),
});

/**
 * The columns of a source user that can be its primary identifier (the names of the APIs' fields),
 * as the listings read them (source-listing.ts). Blank means email.
 */
export const IDENTIFIER_COLUMNS: Record<SourceName, readonly string[]> = {
  zendesk: ['email', 'id', 'external_id'],
  intercom: ['email', 'id'],
};
const USERS_OF: Record<SourceName, string> = { zendesk: 'Zendesk users', intercom: 'Intercom teammates' };

function identifierColumn(source: SourceName, typed: string | null): Result<string | null, string> {
  if (typed === null) return ok(null);
  const column = IDENTIFIER_COLUMNS[source].find((c) => c === typed.toLowerCase());
  if (column) return ok(column);
  const choices = IDENTIFIER_COLUMNS[source];
  const list = `${choices.slice(0, -1).join(', ')} or ${choices[choices.length - 1]}`;
  return err(
    `Primary identifier "${typed}" is not a column of ${USERS_OF[source]}: use ${list}, or leave it blank for email.`,
  );
}

export interface SourceConfiguration {
  recordId: string;
  enabled: boolean;
  settings: SourceSettings;
  scheduleHours: number;
  /** Every scheduleHours, or the cron expression in its time zone when one is written. */
  schedule: Schedule;
  /** When the last run ended; null for a source that never ran (its first import runs at once). */
  lastRunAt: Date | null;
  zendesk?: { subdomain: string; filter: TeamUserFilter };
  intercom?: { region: string };
}

/** "agent;admin;360001" → the Zendesk role filter; custom roles are given by id. */
export function parseZendeskRoles(value: string | null): Result<TeamUserFilter, string> {
  const items = (value ?? '')
    .split(/[;,\s]+/)
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  if (items.length === 0)
    return err('Zendesk roles to import are required: agent, admin and/or custom role ids.');
  const roles: TeamUserFilter['roles'] = [];
  const customRoleIds: number[] = [];
  for (const item of items) {
    if (item === 'agent' || item === 'admin') roles.push(item);
    else if (/^\d+$/.test(item)) customRoleIds.push(Number(item));
    else return err(`"${item}" is not a Zendesk role: use agent, admin or a custom role id.`);
  }
  return ok({ roles: [...new Set(roles)], customRoleIds: [...new Set(customRoleIds)] });
}

/** Validates a settings record; the errors are written back to the record's connection status. */
export function parseSourceConfiguration(raw: unknown): Result<SourceConfiguration, string[]> {
  const parsed = recordSchema.safeParse(raw);
  if (!parsed.success) return err(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  const r = parsed.data;
  const source: SourceName = r.Source__c;
  const column = identifierColumn(source, r.Primary_Identifier__c);
  if (!column.ok) return err([column.error]);
  const scheduleHours = r.Schedule_Hours__c ?? 6;
  const schedule = parseSchedule({
    hours: scheduleHours,
    cron: r.Schedule_Cron__c,
    timeZone: r.Schedule_Time_Zone__c,
  });
  if (!schedule.ok) return err([`${schedule.error} [SCHEDULE_INVALID]`]);
  const configuration: SourceConfiguration = {
    recordId: r.Id,
    enabled: r.Enabled__c,
    scheduleHours,
    schedule: schedule.value,
    lastRunAt: r.Last_Run__c ? new Date(r.Last_Run__c) : null,
    settings: {
      source,
      identifierColumn: column.value,
      matchUserField: r.Match_User_Field__c,
      updateLinkedUserNames: r.Update_Linked_User_Names__c,
      deactivateLinkedUsers: r.Deactivate_Linked_Users__c,
      deactivationThreshold: (r.Deactivation_Threshold__c ?? 20) / 100,
    },
  };
  if (source === 'zendesk') {
    const problems: string[] = [];
    // Checked here, whether or not OAuth is in use: an API URL is built from it.
    const subdomain = r.Zendesk_Subdomain__c ? parseSubdomain(r.Zendesk_Subdomain__c) : undefined;
    if (!subdomain) problems.push('Zendesk subdomain is required.');
    else if (!subdomain.ok) problems.push(`Zendesk subdomain: ${subdomain.error}.`);
    const filter = parseZendeskRoles(r.Zendesk_Roles__c);
    if (!filter.ok) problems.push(filter.error);
    if (problems.length > 0 || !filter.ok || !subdomain?.ok) return err(problems);
    configuration.zendesk = { subdomain: subdomain.value, filter: filter.value };
  } else {
    configuration.intercom = { region: (r.Intercom_Region__c ?? 'US').toLowerCase() };
  }
  return ok(configuration);
}
