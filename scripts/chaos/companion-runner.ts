import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { inPidNamespace, namespacedChildPid } from '../../server/test/pid-namespace';

const REPO = resolve(__dirname, '..', '..');

export type Mode = 'process' | 'pid1';

/**
 * The companion as the operator runs it (`npm start`'s command), as a plain process or as PID 1 of a
 * PID namespace of its own, the way a container runs it. Its JSON log lines are kept for the report.
 */
export class CompanionRunner {
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();
  readonly logs: Array<Record<string, unknown>> = [];
  starts = 0;
  kills = 0;

  constructor(
    private readonly mode: Mode,
    private readonly env: Record<string, string>,
  ) {}

  /** Starts it and resolves once it is ready (/readyz 200: both subscriptions live). */
  async start(timeoutMs = 60_000): Promise<void> {
    const argv = [
      process.execPath,
      '--require',
      'tsx/cjs',
      '--max-old-space-size=512',
      resolve(REPO, 'server', 'src', 'main.ts'),
    ];
    const [command, ...args] = this.mode === 'pid1' ? inPidNamespace(argv) : argv;
    const child = spawn(command, args, {
      cwd: REPO,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...this.env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    this.child = child;
    this.starts += 1;
    // Never left behind, however this process ends.
    const orphanGuard = () => this.signal('SIGKILL');
    process.once('exit', orphanGuard);
    child.once('exit', () => process.off('exit', orphanGuard));
    this.exited = new Promise((done) => child.once('exit', () => done()));
    const mark = this.logs.length;
    let buffer = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) if (line.trim().startsWith('{')) this.logs.push(JSON.parse(line));
    });
    const deadline = Date.now() + timeoutMs;
    while (!this.logs.slice(mark).some((l) => l.msg === 'subscribed')) {
      if (child.exitCode !== null || child.signalCode !== null)
        throw new Error('the companion exited at start');
      if (Date.now() > deadline) throw new Error('the companion did not subscribe in time');
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** SIGKILL: no handler runs, nothing is flushed. As PID 1, the whole namespace goes with it. */
  async kill(): Promise<void> {
    if (!this.signal('SIGKILL')) return;
    this.kills += 1;
    await this.exited;
  }

  /** A clean stop (SIGTERM, as a container runtime sends it), for the end of a scenario. */
  async stop(): Promise<void> {
    if (!this.signal('SIGTERM')) return;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((r) => (timer = setTimeout(() => r('late'), 15_000)));
    if ((await Promise.race([this.exited, late])) === 'late') await this.kill();
    clearTimeout(timer);
  }

  /**
   * Signals the companion itself: as PID 1, the process unshare forked (unshare forwards nothing).
   * False when it is not running.
   */
  private signal(signal: NodeJS.Signals): boolean {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return false;
    try {
      process.kill(this.mode === 'pid1' ? namespacedChildPid(child) : child.pid!, signal);
      return true;
    } catch {
      return false; // gone in between
    }
  }
}
