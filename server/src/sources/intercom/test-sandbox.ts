/**
 * Integration fixtures: an Intercom sandbox sharing a fake clock with a client pointed at it, so a
 * 429's X-RateLimit-Reset and the client's wait are computed on the same time line and nothing
 * really sleeps. Close with closeAll() in afterEach.
 */
import {
  DEFAULT_ACCESS_TOKEN,
  IntercomSandbox,
  IntercomSandboxOptions,
  startIntercomSandbox,
} from '../../../sandbox/intercom';
import { silentLogger } from '../../lib/logger';
import { IntercomClient } from './client';
import type { IntercomClientOptions } from './client-options';

const open: IntercomSandbox[] = [];

export interface FakeClock {
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  slept: number[];
  /** Called after each sleep (e.g. to lift injected faults mid-retry). */
  onSleep?: () => void;
}

/** Starts 3 s into a 10-second window, so a rate-limit wait is 7 s. */
export function fakeClock(start = Date.UTC(2025, 0, 1, 0, 0, 3)): FakeClock {
  let t = start;
  const clock: FakeClock = {
    now: () => t,
    sleep: async (ms) => {
      clock.slept.push(ms);
      t += ms;
      clock.onSleep?.();
    },
    slept: [],
  };
  return clock;
}

export async function sandbox(options: IntercomSandboxOptions = {}): Promise<IntercomSandbox> {
  const s = await startIntercomSandbox(options);
  open.push(s);
  return s;
}

export async function closeAll(): Promise<void> {
  await Promise.all(open.splice(0).map((s) => s.close()));
}

export function clientFor(
  s: { url: string },
  clock: FakeClock,
  overrides: Partial<IntercomClientOptions> = {},
): IntercomClient {
  return new IntercomClient({
    accessToken: DEFAULT_ACCESS_TOKEN,
    baseUrl: s.url,
    logger: silentLogger(),
    now: clock.now,
    sleep: clock.sleep,
    random: () => 0,
    ...overrides,
  });
}
