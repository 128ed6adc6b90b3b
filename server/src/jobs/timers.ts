import { createTask } from 'node-cron';

/** Timers, injectable so tests can see what is scheduled and fire it. */
export interface Timers {
  now(): number;
  schedule(callback: () => void, delayMs: number): { cancel(): void };
  /**
   * Calls `callback` at every match of a cron expression in an IANA time zone, until cancelled. The
   * expression and zone are checked first (schedule.ts).
   */
  cron(expression: string, timeZone: string, callback: () => void): { cancel(): void };
}

/**
 * Node's setTimeout holds at most 2^31 − 1 ms (24.8 days); a longer delay fires after 1 ms. A
 * schedule of 597 hours or more would then run back to back, so a long delay is waited in steps.
 */
export const MAX_TIMER_MS = 2 ** 31 - 1;

export const realTimers: Timers = {
  now: () => Date.now(),
  schedule(callback, delayMs) {
    let timer: NodeJS.Timeout;
    const arm = (remaining: number) => {
      timer = setTimeout(
        () => (remaining > MAX_TIMER_MS ? arm(remaining - MAX_TIMER_MS) : callback()),
        Math.min(Math.max(0, remaining), MAX_TIMER_MS),
      );
      // A planned run never keeps the process alive on its own.
      timer.unref();
    };
    arm(delayMs);
    return { cancel: () => clearTimeout(timer) };
  },
  cron(expression, timeZone, callback) {
    const task = createTask(expression, () => callback(), {
      timezone: timeZone,
      // node-cron drops a match it reaches more than a second late (the event loop busy with a run,
      // the host asleep) as "missed". A run that was due is run late instead, once: of several
      // matches passed meanwhile, node-cron runs the last and drops the earlier ones.
      missedExecutionTolerance: Number.MAX_SAFE_INTEGER,
      suppressMissedWarning: true,
      // Like the timers above, a cron schedule never keeps the process alive on its own.
      unref: true,
    });
    void task.start();
    return { cancel: () => void task.destroy() };
  },
};
