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

const running: IntercomSandbox[] = [];

/** A sandbox closed by closeSandboxes() (call it in afterEach). */
export async function startTestSandbox(options: IntercomSandboxOptions = {}): Promise<IntercomSandbox> {
  const sandbox = await startIntercomSandbox(options);
  running.push(sandbox);
  return sandbox;
}

export async function closeSandboxes(): Promise<void> {
  await Promise.all(running.splice(0).map((s) => s.close()));
}

export interface Reply {
  status: number;
  headers: Headers;
  text: string;
  json: () => any; // eslint-disable-line @typescript-eslint/no-explicit-any -- tests index freely into bodies
}

export async function reply(res: Response): Promise<Reply> {
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: () => JSON.parse(text) };
}

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

export function fakeClock(start = Date.UTC(2025, 0, 1, 0, 0, 3)) {
  let t = start;
  return { now: () => t, advance: (ms: number) => void (t += ms) };
}
