/** Support shared by the simulators' own tests. */

/** A response read once: tests look at the status, headers, text and parsed body. */
export interface Reply {
  status: number;
  headers: Headers;
  text: string;
  json: () => any; // eslint-disable-line @typescript-eslint/no-explicit-any -- tests index freely into bodies
}

export async function readReply(res: Response): Promise<Reply> {
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: () => JSON.parse(text) };
}

/** Starts sandboxes and closes every one started since the last closeAll (call it in afterEach). */
export function sandboxTracker<O, S extends { close(): Promise<void> }>(start: (options: O) => Promise<S>) {
  const running: S[] = [];
  return {
    async start(options: O): Promise<S> {
      const sandbox = await start(options);
      running.push(sandbox);
      return sandbox;
    },
    async closeAll(): Promise<void> {
      await Promise.all(running.splice(0).map((s) => s.close()));
    },
  };
}

/** A clock tests move by hand. */
export function fakeClock(start = Date.UTC(2025, 0, 1)): {
  now: () => number;
  advance: (ms: number) => void;
} {
  let t = start;
  return { now: () => t, advance: (ms) => void (t += ms) };
}
