import { fork, type ChildProcess } from 'node:child_process';

/** A request to the child: an op and its fields; the id is added here. */
type Request = { op: string } & Record<string, unknown>;
type Reply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: string };

/**
 * A benchmark's sandboxes in a child process (so the benchmark process measures the companion side
 * alone): forks `script` with one JSON argument, waits for its `{type: 'ready'}` message, then sends
 * requests (`{id, op, …}`) and reads replies (`{id, ok, value | error}`). The child is always ended on
 * close(), and when this process exits.
 */
export class BenchChild<Ready extends { type: 'ready' }> {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private exited = false;

  private constructor(
    private readonly child: ChildProcess,
    readonly ready: Ready,
  ) {
    child.on('message', (message: Reply) => {
      const waiting = this.pending.get(message.id);
      if (!waiting) return;
      this.pending.delete(message.id);
      if (message.ok) waiting.resolve(message.value);
      else waiting.reject(new Error(`sandbox: ${message.error}`));
    });
    child.on('exit', (code, signal) => {
      this.exited = true;
      for (const waiting of this.pending.values())
        waiting.reject(new Error(`sandbox process ended (${signal ?? code}) before answering`));
      this.pending.clear();
    });
  }

  /**
   * Forks the script (with this process's loader flags, not its heap cap: the simulated org holds
   * every row) and waits until it says it is ready.
   */
  static async start<R extends { type: 'ready' }>(
    script: string,
    options: unknown,
    timeoutMs = 300_000,
  ): Promise<BenchChild<R>> {
    const child = fork(script, [JSON.stringify(options)], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      execArgv: process.execArgv.filter((flag) => !flag.startsWith('--max-old-space-size')),
    });
    // Never leave it behind, whatever way this process ends.
    process.once('exit', () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    });
    try {
      const ready = await new Promise<R>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('sandbox process did not start in time')), timeoutMs);
        child.once('message', (message: R) => {
          clearTimeout(timer);
          if (message.type === 'ready') resolve(message);
          else reject(new Error('sandbox process sent an unexpected first message'));
        });
        child.once('exit', (code, signal) => {
          clearTimeout(timer);
          reject(new Error(`sandbox process ended (${signal ?? code}) while starting`));
        });
      });
      return new BenchChild<R>(child, ready);
    } catch (error) {
      await stop(child);
      throw error;
    }
  }

  request(body: Request): Promise<unknown> {
    if (this.exited) return Promise.reject(new Error('sandbox process has ended'));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.child.send({ ...body, id });
    });
  }

  close(): Promise<void> {
    return stop(this.child);
  }
}

/** Serves a bench child's requests: `handle` answers each op; errors are sent back as such. */
export function serveRequests(
  handle: (request: { id: number; op: string } & Record<string, unknown>) => unknown,
): void {
  process.on('message', async (message: { id: number; op: string } & Record<string, unknown>) => {
    let reply: Reply;
    try {
      reply = { id: message.id, ok: true, value: await handle(message) };
    } catch (error) {
      reply = { id: message.id, ok: false, error: error instanceof Error ? error.message : String(error) };
    }
    process.send?.(reply);
  });
}

/** SIGTERM, then SIGKILL if the child has not ended within a few seconds. */
async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await new Promise<void>((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
