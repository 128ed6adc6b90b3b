/**
 * UserSyncScheduleRules of force-app: the checks Apex makes of a cron expression and a time zone when
 * an admin saves a schedule. The same rules, not node-cron's: the sandbox org answers as Salesforce
 * would, and what Apex lets through the companion reads with node-cron and answers on the record.
 * Salesforce knows a zone when TimeZone.getTimeZone gives back the name asked for; here the runtime's
 * time zones (ICU) stand in for Salesforce's list.
 */

export const FIELDS = 'minute hour day-of-month month day-of-week';
const NICKNAMES = new Set(['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly']);
const ALLOWED = /^[A-Za-z0-9*/,#?\- ]+$/;
const NUMBERS_ONLY = /^[0-9*/,-]+$/;
const SECONDS = /^[0-9]{1,2}$/;
const NAMES = ['minute', 'hour', 'day of month', 'month', 'day of week'];
const LOWEST = [0, 0, 1, 1, 0];
const HIGHEST = [59, 23, 31, 12, 7];

const blank = (v: string | null | undefined): boolean => v === null || v === undefined || v.trim() === '';

export function normalise(cron: string | null | undefined): string | null {
  return blank(cron) ? null : cron!.trim().replace(/\s+/g, ' ');
}

export function normaliseTimeZone(zone: string | null | undefined): string | null {
  return blank(zone) ? null : zone!.trim();
}

function stepReads(step: string): boolean {
  return /^[0-9]{1,2}$/.test(step) && Number(step) >= 1;
}

function fieldReads(field: string, index: number): boolean {
  if (index < 2 && !NUMBERS_ONLY.test(field)) return false;
  for (const item of field.split(',')) {
    if (item.trim() === '') return false;
    const stepped = item.split('/');
    if (stepped.length > 2 || (stepped.length === 2 && !stepReads(stepped[1]!))) return false;
    for (const number of stepped[0]!.match(/[0-9]+/g) ?? []) {
      if (number.length > 2) return false;
      const value = Number(number);
      if (!stepped[0]!.includes('#') && (value < LOWEST[index]! || value > HIGHEST[index]!)) return false;
    }
  }
  return true;
}

export function cronProblem(cron: string | null | undefined): string | null {
  const expression = normalise(cron);
  if (expression === null || NICKNAMES.has(expression.toLowerCase())) return null;
  const prefix = `Schedule: "${expression}" is not a cron expression: `;
  if (!ALLOWED.test(expression)) return `${prefix}use digits, names of months and days, and * / , - only.`;
  const fields = expression.split(' ');
  if (fields.length !== 5 && fields.length !== 6)
    return `${prefix}write five fields (${FIELDS}), for example "0 2 * * *" for 02:00 every day.`;
  if (fields.length === 6) {
    if (!SECONDS.test(fields[0]!) || Number(fields[0]) > 59)
      return `Schedule: "${expression}" would run more than once a minute: drop the seconds field and write five fields (${FIELDS}).`;
    fields.shift();
  }
  for (let i = 0; i < 5; i++)
    if (!fieldReads(fields[i]!, i)) return `${prefix}"${fields[i]}" is not a valid ${NAMES[i]} (${FIELDS}).`;
  return null;
}

/** TimeZone.getTimeZone(name).getID() equals the name, ignoring case. */
function knownZone(name: string): boolean {
  try {
    const id = new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
    return id.toLowerCase() === name.toLowerCase();
  } catch {
    return false;
  }
}

export function timeZoneProblem(zone: string | null | undefined): string | null {
  if (blank(zone)) return null;
  const typed = zone!.trim();
  if (knownZone(typed)) return null;
  return `Schedule: "${typed}" is not a time zone: use an IANA name such as Europe/Paris or America/New_York, or leave it blank for UTC.`;
}

export function scheduleProblems(cron: string | null | undefined, zone: string | null | undefined): string[] {
  return [cronProblem(cron), timeZoneProblem(zone)].filter((p): p is string => p !== null);
}
