/**
 * Starts several things at once for a test suite. When one fails, it waits for every other start to
 * settle and closes those that did start before rethrowing the first failure: nothing goes on
 * running after Jest has torn the suite's environment down (which is what used to crash the whole
 * run: a sandbox still starting loaded a native module into a dead environment).
 */
export interface Startable<T> {
  start(): Promise<T>;
  close(started: T): Promise<unknown>;
}

type Started<T extends readonly Startable<unknown>[]> = {
  [K in keyof T]: T[K] extends Startable<infer V> ? V : never;
};

export async function startAll<const T extends readonly Startable<unknown>[]>(
  ...items: T
): Promise<Started<T>> {
  // Each start is called inside the promise chain, so a synchronous throw is a rejection too.
  const settled = await Promise.allSettled(items.map((item) => Promise.resolve().then(() => item.start())));
  const failure = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (!failure) return settled.map((s) => (s as PromiseFulfilledResult<unknown>).value) as Started<T>;
  await Promise.allSettled(
    settled.map((s, i) => (s.status === 'fulfilled' ? items[i]!.close(s.value) : undefined)),
  );
  throw failure.reason;
}
