import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type {
  RowTally,
  SandboxCounters,
  SandboxReady,
  SandboxReply,
  SandboxRequest,
  SandboxStart,
} from './pull-sandbox-process';

type Body<R> = R extends unknown ? Omit<R, 'id'> : never;

/**
 * The benchmark's handle on the sandboxes running in a child process (pull-sandbox-process.ts):
 * waits for them to be seeded, sends requests, and always ends the child on close().
 */
export class SandboxProcess {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private exited = false;

  private constructor(
    private readonly child: ChildProcess,
    readonly ready: SandboxReady,
  ) {
    child.on('message', (message: SandboxReply) => {
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
   * Forks the sandbox process (with this process's loader flags, not its heap cap: the simulated
   * org holds every row and every Bulk job's files) and waits until it is seeded.
   */
  static async start(options: SandboxStart, timeoutMs = 300_000): Promise<SandboxProcess> {
    const child = fork(join(__dirname, 'pull-sandbox-process.ts'), [JSON.stringify(options)], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      execArgv: process.execArgv.filter((flag) => !flag.startsWith('--max-old-space-size')),
    });
    // Never leave it behind, whatever way this process ends.
    process.once('exit', () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    });
    try {
      const ready = await new Promise<SandboxReady>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('sandbox process did not start in time')), timeoutMs);
        child.once('message', (message: SandboxReady) => {
          clearTimeout(timer);
          if (message.type === 'ready') resolve(message);
          else reject(new Error('sandbox process sent an unexpected first message'));
        });
        child.once('exit', (code, signal) => {
          clearTimeout(timer);
          reject(new Error(`sandbox process ended (${signal ?? code}) while starting`));
        });
      });
      return new SandboxProcess(child, ready);
    } catch (error) {
      await stop(child);
      throw error;
    }
  }

  change(fraction: number): Promise<{ renamed: number }> {
    return this.request({ op: 'change', fraction }) as Promise<{ renamed: number }>;
  }
  counters(): Promise<SandboxCounters> {
    return this.request({ op: 'counters' }) as Promise<SandboxCounters>;
  }
  async reset(): Promise<void> {
    await this.request({ op: 'reset' });
  }
  rows(): Promise<RowTally> {
    return this.request({ op: 'rows' }) as Promise<RowTally>;
  }

  private request(body: Body<SandboxRequest>): Promise<unknown> {
    if (this.exited) return Promise.reject(new Error('sandbox process has ended'));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.child.send({ ...body, id } as SandboxRequest);
    });
  }

  close(): Promise<void> {
    return stop(this.child);
  }
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
