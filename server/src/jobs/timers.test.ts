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
