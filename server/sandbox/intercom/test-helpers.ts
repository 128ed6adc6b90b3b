import { fakeClock as manualClock, readReply, sandboxTracker, type Reply } from '../shared/test-support';
/**
 * Helpers for the sandbox's own tests: start/stop sandboxes, plain-fetch requests (no client code, so
 * the tests pin the wire format) and a fake clock.
 */
import {
  DEFAULT_ACCESS_TOKEN,
  IntercomSandbox,
  IntercomSandboxOptions,
  startIntercomSandbox,
} from './server';

const sandboxes = sandboxTracker((options: IntercomSandboxOptions) => startIntercomSandbox(options));

/** A sandbox closed by closeSandboxes() (call it in afterEach). */
export const startTestSandbox = (options: IntercomSandboxOptions = {}): Promise<IntercomSandbox> =>
  sandboxes.start(options);
export const closeSandboxes = (): Promise<void> => sandboxes.closeAll();

export type { Reply };
export const reply = readReply;

/** GET with the default token and version 2.16 unless overridden (null drops the header). */
export async function get(
  url: string,
  path: string,
  o: { token?: string | null; version?: string | null } = {},
): Promise<Reply> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  const token = o.token === undefined ? DEFAULT_ACCESS_TOKEN : o.token;
  const version = o.version === undefined ? '2.16' : o.version;
  if (token !== null) headers.Authorization = `Bearer ${token}`;
  if (version !== null) headers['Intercom-Version'] = version;
  return reply(await fetch(`${url}${path}`, { headers }));
}

/** A clock tests move by hand, starting 3 s into a 10-second rate-limit window. */
export const fakeClock = (start = Date.UTC(2025, 0, 1, 0, 0, 3)) => manualClock(start);
