import {
  canonicalTimeZone,
  describeRuns,
  nextAfter,
  parseSchedule,
  runsFrom,
  type Schedule,
} from './schedule';

const schedule = (cron: string | null, timeZone: string | null = null, hours = 6): Schedule => {
  const parsed = parseSchedule({ hours, cron, timeZone });
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value;
};

describe('parseSchedule', () => {
  it('is every N hours when no cron expression is written, whatever the zone', () => {
    expect(parseSchedule({ hours: 12, cron: '  ', timeZone: null })).toEqual({
      ok: true,
      value: { kind: 'hours', hours: 12 },
    });
  });

  it('reads a cron expression in its zone, spelled as the runtime spells it, UTC when blank', () => {
    expect(schedule('0  2 * * *', 'europe/paris')).toMatchObject({
      kind: 'cron',
      expression: '0 2 * * *',
      timeZone: 'Europe/Paris',
    });
    expect(schedule('0 2 * * 1-5')).toMatchObject({ timeZone: 'UTC' });
  });

  it.each([
    ['0 25 * * *', '"25" is not a valid hour'],
    ['61 * * * *', '"61" is not a valid minute'],
    ['0 2 * * 8', '"8" is not a valid day of week'],
    ['0 2 32 * *', '"32" is not a valid day of month'],
    ['every day', 'write five fields (minute hour day-of-month month day-of-week)'],
    ['0 2 * * * * *', 'write five fields'],
    ['* * * * * *', 'would run more than once a minute'],
  ])('says what is wrong with "%s"', (cron, reason) => {
    const parsed = parseSchedule({ hours: 6, cron, timeZone: null });
    expect(parsed).toMatchObject({ ok: false, error: expect.stringContaining(reason) });
    expect(parsed.ok || parsed.error.startsWith(`Schedule: "${cron}" `)).toBe(true);
  });

  it('refuses an unknown time zone, naming it', () => {
    expect(parseSchedule({ hours: 6, cron: '0 2 * * *', timeZone: 'Europe/Pariss' })).toEqual({
      ok: false,
      error:
        'Schedule: "Europe/Pariss" is not a time zone: use an IANA name such as Europe/Paris or America/New_York, or leave it blank for UTC.',
    });
    expect(canonicalTimeZone('Mars/Olympus')).toBeUndefined();
  });
});

describe('the times a schedule runs at', () => {
  it('every N hours: N hours after the last run', () => {
    const hours = schedule(null, null, 6);
    expect(nextAfter(hours, new Date('2026-11-22T10:00:00Z'))).toEqual(new Date('2026-11-22T16:00:00Z'));
  });

  it('a cron expression: its next match in its zone, strictly after the time given', () => {
    const paris = schedule('0 2 * * *', 'Europe/Paris');
    // 02:00 in Paris is 01:00 UTC in winter and 00:00 UTC in summer.
    expect(nextAfter(paris, new Date('2026-11-22T12:00:00Z'))).toEqual(new Date('2026-11-23T01:00:00Z'));
    expect(nextAfter(paris, new Date('2026-11-23T01:00:00Z'))).toEqual(new Date('2026-11-24T01:00:00Z'));
    expect(nextAfter(paris, new Date('2026-07-01T12:00:00Z'))).toEqual(new Date('2026-07-02T00:00:00Z'));
  });

  it('follows daylight saving time: a time the clocks skip does not run that day', () => {
    // Paris goes from 02:00 to 03:00 on Sunday 28 March 2027: there is no 02:00 that day.
    const paris = schedule('0 2 * * *', 'Europe/Paris');
    const runs = runsFrom(paris, nextAfter(paris, new Date('2027-03-26T12:00:00Z')));
    expect(runs).toEqual([
      new Date('2027-03-27T01:00:00Z'),
      new Date('2027-03-29T00:00:00Z'),
      new Date('2027-03-30T00:00:00Z'),
    ]);
  });

  it('reads day of month and day of week together (the 1st, when it is a Monday)', () => {
    const firstMondays = schedule('0 9 1 * mon');
    expect(runsFrom(firstMondays, nextAfter(firstMondays, new Date('2026-11-22T00:00:00Z')))).toEqual([
      new Date('2027-02-01T09:00:00Z'),
      new Date('2027-03-01T09:00:00Z'),
      new Date('2027-11-01T09:00:00Z'),
    ]);
  });

  it('describes the next three runs in the schedule zone, every-N-hours ones in UTC', () => {
    const paris = schedule('30 6 * * 1-5', 'Europe/Paris');
    const runs = runsFrom(paris, nextAfter(paris, new Date('2026-11-27T12:00:00Z')));
    expect(describeRuns(paris, runs)).toBe(
      '2026-11-30 06:30, 2026-12-01 06:30, 2026-12-02 06:30 (Europe/Paris)',
    );
    const hours = schedule(null, null, 8);
    expect(describeRuns(hours, runsFrom(hours, new Date('2026-11-22T20:00:00Z')))).toBe(
      '2026-11-22 20:00, 2026-11-23 04:00, 2026-11-23 12:00 (UTC)',
    );
  });
});
