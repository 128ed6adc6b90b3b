import { validate } from 'node-cron';
import { cronProblem, normalise, scheduleProblems, timeZoneProblem } from './schedule-rules';

// The cases of UserSyncScheduleRules_Tests, so that the emulation answers as the Apex does.
const READABLE = [
  '0 2 * * *',
  ' 0  2 * * * ',
  '30 6 * * 1-5',
  '*/15 8-18 * * mon-fri',
  '0 0 1,15 * *',
  '0 9 1 jan,jul *',
  '0 22 L * *',
  '0 9 * * 1#1',
  '0 0 2 * * ?',
  '@daily',
  '@Hourly',
];
const WRONG: Array<[string, string]> = [
  ['0 25 * * *', '"25" is not a valid hour'],
  ['61 * * * *', '"61" is not a valid minute'],
  ['0 2 32 * *', '"32" is not a valid day of month'],
  ['0 2 * 13 *', '"13" is not a valid month'],
  ['0 2 * * 8', '"8" is not a valid day of week'],
  ['*/0 * * * *', '"*/0" is not a valid minute'],
  ['a 2 * * *', '"a" is not a valid minute'],
  ['0 2 * *', 'write five fields (minute hour day-of-month month day-of-week)'],
  ['every day', 'write five fields'],
  ['0 2 * * * * *', 'write five fields'],
  ['0 2 * * *;', 'use digits, names of months and days'],
  ['* * * * * *', 'would run more than once a minute'],
  ['*/10 * * * * *', 'would run more than once a minute'],
];

describe('UserSyncScheduleRules (emulated)', () => {
  it.each(READABLE)('accepts "%s", and node-cron reads it too', (cron) => {
    expect(cronProblem(cron)).toBeNull();
    expect(validate(normalise(cron)!)).toBe(true);
  });

  it.each(WRONG)('refuses "%s", naming it', (cron, reason) => {
    const problem = cronProblem(cron);
    expect(problem).toContain(reason);
    expect(problem!.startsWith(`Schedule: "${cron.trim()}" `)).toBe(true);
  });

  it('takes blank as no expression and UTC', () => {
    expect(scheduleProblems(null, '  ')).toEqual([]);
  });

  it('knows a zone when Salesforce would give back the name asked for', () => {
    expect(timeZoneProblem('Europe/Paris')).toBeNull();
    expect(timeZoneProblem(' America/New_York ')).toBeNull();
    expect(timeZoneProblem('Mars/Olympus')).toBe(
      'Schedule: "Mars/Olympus" is not a time zone: use an IANA name such as Europe/Paris or America/New_York, or leave it blank for UTC.',
    );
    expect(timeZoneProblem('Paris')).not.toBeNull();
    expect(scheduleProblems('0 25 * * *', 'Nowhere')).toHaveLength(2);
  });
});
