import { nextAfter, parseSchedule, runsFrom } from './schedule';
import { MAX_TIMER_MS, realTimers } from './timers';

const HOUR = 3_600_000;

describe('realTimers', () => {
  afterEach(() => jest.useRealTimers());

  it('does not fire a delay longer than a Node timer can hold early (597 hours and more)', async () => {
    const fired = jest.fn();
    const timer = realTimers.schedule(fired, 600 * HOUR);
    await new Promise((resolve) => setTimeout(resolve, 50));
    timer.cancel();
    expect(fired).not.toHaveBeenCalled();
  });

  it('fires a long delay once, when it is due, in steps a timer can hold', () => {
    jest.useFakeTimers();
    const fired = jest.fn();
    realTimers.schedule(fired, 999 * HOUR);
    jest.advanceTimersByTime(MAX_TIMER_MS + 1);
    expect(fired).not.toHaveBeenCalled();
    jest.advanceTimersByTime(999 * HOUR - MAX_TIMER_MS - 2);
    expect(fired).not.toHaveBeenCalled();
    jest.advanceTimersByTime(1);
    expect(fired).toHaveBeenCalledTimes(1);
    jest.advanceTimersByTime(2000 * HOUR);
    expect(fired).toHaveBeenCalledTimes(1);
  });

  it('cancels a long delay between its steps', () => {
    jest.useFakeTimers();
    const fired = jest.fn();
    const timer = realTimers.schedule(fired, 999 * HOUR);
    jest.advanceTimersByTime(MAX_TIMER_MS + 1);
    timer.cancel();
    jest.advanceTimersByTime(999 * HOUR);
    expect(fired).not.toHaveBeenCalled();
  });
});

describe('realTimers.cron (node-cron)', () => {
  afterEach(() => jest.useRealTimers());

  // node-cron starts a run after a few promises: the clock is moved with the async advance.
  it('fires at each match of the expression in its time zone, and no more once cancelled', async () => {
    // Sunday 22 November 2026, 12:00 UTC: 02:00 in Paris is 01:00 UTC, in New York 07:00 UTC.
    jest.useFakeTimers({ now: Date.parse('2026-11-22T12:00:00Z') });
    const paris = jest.fn();
    const newYork = jest.fn();
    const parisTimer = realTimers.cron('0 2 * * *', 'Europe/Paris', () => paris(new Date()));
    const newYorkTimer = realTimers.cron('0 2 * * *', 'America/New_York', () => newYork(new Date()));

    await jest.advanceTimersByTimeAsync(13 * HOUR - 1_000);
    expect(paris).not.toHaveBeenCalled();
    await jest.advanceTimersByTimeAsync(2_000);
    expect(paris).toHaveBeenCalledTimes(1);
    expect(paris.mock.calls[0][0].toISOString()).toMatch(/^2026-11-23T01:00:0/);
    expect(newYork).not.toHaveBeenCalled();

    await jest.advanceTimersByTimeAsync(6 * HOUR);
    expect(newYork).toHaveBeenCalledTimes(1);
    expect(newYork.mock.calls[0][0].toISOString()).toMatch(/^2026-11-23T07:00:0/);

    parisTimer.cancel();
    await jest.advanceTimersByTimeAsync(48 * HOUR);
    expect(paris).toHaveBeenCalledTimes(1);
    expect(newYork).toHaveBeenCalledTimes(3);
    newYorkTimer.cancel();
  });

  it('fires at the very times written to the record as the next runs', async () => {
    jest.useFakeTimers({ now: Date.parse('2026-11-27T12:00:00Z') });
    const parsed = parseSchedule({ hours: 6, cron: '30 6 * * 1-5', timeZone: 'Europe/Paris' });
    if (!parsed.ok) throw new Error(parsed.error);
    const shown = runsFrom(parsed.value, nextAfter(parsed.value, new Date()));
    const fired: string[] = [];
    const timer = realTimers.cron('30 6 * * 1-5', 'Europe/Paris', () =>
      fired.push(new Date().toISOString().slice(0, 16)),
    );
    await jest.advanceTimersByTimeAsync(6 * 24 * HOUR);
    timer.cancel();
    // Friday noon: Monday, Tuesday and Wednesday at 06:30 in Paris (05:30 UTC), not the weekend.
    expect(shown.map((d) => d.toISOString().slice(0, 16))).toEqual([
      '2026-11-30T05:30',
      '2026-12-01T05:30',
      '2026-12-02T05:30',
    ]);
    expect(fired.slice(0, 3)).toEqual(shown.map((d) => d.toISOString().slice(0, 16)));
  });

  it('runs a match it reaches late once, however many matches passed meanwhile', async () => {
    jest.useFakeTimers({ now: Date.parse('2026-11-22T12:00:00Z') });
    const fired: string[] = [];
    const timer = realTimers.cron('0 * * * *', 'UTC', () => fired.push(new Date().toISOString()));
    // The host sleeps from 12:00 to 15:30: the clock jumps, no timer fires meanwhile; the process
    // wakes up when its timer for 13:00 fires, at 16:30 by the clock.
    jest.setSystemTime(Date.parse('2026-11-22T15:30:00Z'));
    await jest.advanceTimersByTimeAsync(HOUR);
    // 13:00, 14:00, 15:00 and 16:00 passed: one run, now.
    expect(fired).toEqual(['2026-11-22T16:30:00.000Z']);
    await jest.advanceTimersByTimeAsync(HOUR);
    timer.cancel();
    // Then on time again.
    expect(fired).toHaveLength(2);
    expect(fired[1]).toMatch(/^2026-11-22T17:00:0/);
  });
});
