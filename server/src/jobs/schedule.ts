/**
 * A schedule as an admin writes it on a source or a push: every N hours (the default), or a cron
 * expression read in an IANA time zone ("0 2 * * *" in Europe/Paris). node-cron reads and checks the
 * expression, fires it (timers.ts) and says when it matches next, daylight saving time included: the
 * times written to the record are the ones node-cron runs at.
 */
import { createTask, validateDetailed, type CronFieldError } from 'node-cron';
import { err, ok, type Result } from '../lib/result';
import type { Timers } from './timers';

const HOUR = 3_600_000;

export type Schedule =
  | { kind: 'hours'; hours: number }
  | { kind: 'cron'; expression: string; timeZone: string; next: (after: Date) => Date };

/** What the admin typed: Schedule_Hours__c, Schedule_Cron__c and Schedule_Time_Zone__c. */
export interface ScheduleFields {
  hours: number;
  cron: string | null | undefined;
  timeZone: string | null | undefined;
}

export const DEFAULT_TIME_ZONE = 'UTC';
const EXAMPLE = 'for example "0 2 * * *" for 02:00 every day';
const FIELDS = 'minute hour day-of-month month day-of-week';

/** The IANA name of a zone as the runtime spells it ("europe/paris" → "Europe/Paris"), or undefined. */
export function canonicalTimeZone(zone: string): string | undefined {
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

function fieldProblem(expression: string, error: CronFieldError): string {
  if (error.field === 'expression')
    return `Schedule: "${expression}" is not a cron expression: write five fields (${FIELDS}), ${EXAMPLE}.`;
  return `Schedule: "${expression}" is not a cron expression: "${error.value ?? ''}" is not a valid ${error.field.replace(/([A-Z])/g, ' $1').toLowerCase()} (${FIELDS}).`;
}

/**
 * The first time node-cron matches strictly after `after`. node-cron's tasks only answer "from now"
 * (getNextRuns reads the wall clock); the scheduler asks from Last_Run__c and from its own clock, so
 * the task's matcher, the one its runner fires by, is asked directly.
 */
function matcherOf(expression: string, timeZone: string): (after: Date) => Date {
  const task = createTask(expression, () => undefined, { timezone: timeZone });
  const matcher = (task as unknown as { timeMatcher?: { getNextMatch?: (from: Date) => Date } }).timeMatcher;
  // Never started; destroyed so that node-cron's registry of tasks does not keep it.
  void task.destroy();
  if (typeof matcher?.getNextMatch !== 'function')
    throw new Error('node-cron no longer exposes its time matcher: check schedule.ts against its version');
  return (after) => matcher.getNextMatch!(after);
}

/**
 * Checks a schedule. A blank cron expression means every `hours`; a cron expression runs at most once
 * a minute (a seconds field, when written, is one value), in the time zone given or UTC.
 */
export function parseSchedule(fields: ScheduleFields): Result<Schedule, string> {
  const expression = (fields.cron ?? '').trim().replace(/\s+/g, ' ');
  const typedZone = (fields.timeZone ?? '').trim();
  const timeZone = typedZone ? canonicalTimeZone(typedZone) : DEFAULT_TIME_ZONE;
  if (!timeZone)
    return err(
      `Schedule: "${typedZone}" is not a time zone: use an IANA name such as Europe/Paris or America/New_York, or leave it blank for UTC.`,
    );
  if (!expression) return ok({ kind: 'hours', hours: fields.hours });
  const checked = validateDetailed(expression);
  if (!checked.valid) return err(fieldProblem(expression, checked.errors[0]!));
  if (expression.split(' ').length === 6 && checked.fields && checked.fields.second.length !== 1)
    return err(
      `Schedule: "${expression}" would run more than once a minute: drop the seconds field and write five fields (${FIELDS}).`,
    );
  return ok({ kind: 'cron', expression, timeZone, next: matcherOf(expression, timeZone) });
}

/** When a schedule next runs after `after`: N hours on, or the next cron match. */
export function nextAfter(schedule: Schedule, after: Date): Date {
  if (schedule.kind === 'hours') return new Date(after.getTime() + schedule.hours * HOUR);
  return schedule.next(after);
}

/** `count` run times starting at `first`, each the schedule's next after the one before. */
export function runsFrom(schedule: Schedule, first: Date, count = 3): Date[] {
  const runs = [first];
  while (runs.length < count) runs.push(nextAfter(schedule, runs[runs.length - 1]!));
  return runs;
}

/** When the next run is: a time of the schedule (`due`), or a delay (a retry). */
export type NextRun = { due: Date } | { delayMs: number };

/**
 * Arms the next run of a source or a push: a cron schedule whose next time is still to come is handed
 * to node-cron (timers.cron), which fires at each match from then on; anything else (every N hours, a
 * retry, a cron time already past because the companion was down then) is one timer, fired at once
 * when past. Returns the timer and when the run is due (ms since the epoch).
 */
export function armNextRun(
  timers: Timers,
  schedule: Schedule | undefined,
  when: NextRun,
  launch: () => void,
): { timer: { cancel(): void }; at: number } {
  const now = timers.now();
  const at = 'due' in when ? Math.max(now, when.due.getTime()) : now + when.delayMs;
  const byCron = schedule?.kind === 'cron' && 'due' in when && when.due.getTime() > now;
  return {
    timer: byCron
      ? timers.cron(schedule.expression, schedule.timeZone, launch)
      : timers.schedule(launch, at - now),
    at,
  };
}

/** "2026-11-30 02:00" in a zone. */
function wallClock(date: Date, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(date)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}

/**
 * Next_Runs__c: the run times in the schedule's zone, then the zone ("2026-11-30 02:00, 2026-12-01
 * 02:00, 2026-12-02 02:00 (Europe/Paris)"); every-N-hours schedules are shown in UTC.
 */
export function describeRuns(schedule: Schedule, runs: Date[]): string {
  const zone = schedule.kind === 'cron' ? schedule.timeZone : DEFAULT_TIME_ZONE;
  return `${runs.map((run) => wallClock(run, zone)).join(', ')} (${zone})`;
}
