import { join } from 'node:path';
import { BenchChild } from './child-process';
import type { RowTally, SandboxCounters, SandboxReady, SandboxStart } from './pull-sandbox-process';

/**
 * The benchmark's handle on the sandboxes running in a child process (pull-sandbox-process.ts):
 * waits for them to be seeded, sends requests, and always ends the child on close().
 */
export class SandboxProcess {
  private constructor(private readonly child: BenchChild<SandboxReady>) {}

  get ready(): SandboxReady {
    return this.child.ready;
  }

  static async start(options: SandboxStart, timeoutMs = 300_000): Promise<SandboxProcess> {
    return new SandboxProcess(
      await BenchChild.start<SandboxReady>(join(__dirname, 'pull-sandbox-process.ts'), options, timeoutMs),
    );
  }

  change(fraction: number): Promise<{ renamed: number }> {
    return this.child.request({ op: 'change', fraction }) as Promise<{ renamed: number }>;
  }
  counters(): Promise<SandboxCounters> {
    return this.child.request({ op: 'counters' }) as Promise<SandboxCounters>;
  }
  async reset(): Promise<void> {
    await this.child.request({ op: 'reset' });
  }
  rows(): Promise<RowTally> {
    return this.child.request({ op: 'rows' }) as Promise<RowTally>;
  }

  close(): Promise<void> {
    return this.child.close();
  }
}
