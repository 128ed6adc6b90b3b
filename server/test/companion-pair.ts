import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { companionEnv } from '../sandbox/env-file';
import type { SandboxStack } from '../sandbox/stack';
import { spawnCompanion, type CompanionProcess } from './companion-process';
import { waitFor } from './wait-for';

type Log = Record<string, unknown>;

/**
 * Companion processes sharing one PostgreSQL store (DATABASE_URL), as an operator runs two for
 * availability: what each logged, which channels it leads, and when it took a channel over.
 */
export class CompanionPair {
  readonly processes: CompanionProcess[] = [];

  constructor(
    private readonly stack: SandboxStack,
    private readonly databaseUrl: string,
  ) {}

  start(): CompanionProcess {
    const sources = this.stack.companionConfig(':memory:').sources;
    const companion = spawnCompanion(
      companionEnv(this.stack.companionAuth, this.stack.iadvizeConfig, {
        PORT: '0',
        LOG_LEVEL: 'info',
        DATABASE_URL: this.databaseUrl,
        // Unused with DATABASE_URL: pointed at a fresh folder so that nothing could share it.
        DATABASE_PATH: join(mkdtempSync(join(tmpdir(), 'pair-')), 'unused.db'),
        ZENDESK_ACCESS_TOKEN: sources.zendesk.accessToken!,
        ZENDESK_BASE_URL: sources.zendesk.baseUrl!,
      }),
    );
    this.processes.push(companion);
    return companion;
  }

  /** The first log line of `companion` with this message on this channel, if any. */
  static line(companion: CompanionProcess, msg: string, channel: string): Log | undefined {
    return companion.logs.find((l) => l.msg === msg && l.channel === channel);
  }

  static async leading(companion: CompanionProcess, channel: string, timeoutMs = 30_000): Promise<void> {
    await waitFor(
      () => CompanionPair.line(companion, 'subscribed', channel) !== undefined,
      `a companion consuming ${channel}`,
      timeoutMs,
    );
  }

  static async standingBy(companion: CompanionProcess, channel: string): Promise<void> {
    await waitFor(
      () =>
        CompanionPair.line(companion, 'another instance consumes this channel: standing by', channel) !==
        undefined,
      `a companion standing by for ${channel}`,
      30_000,
    );
  }

  static port(companion: CompanionProcess): number {
    return companion.logs.find((l) => l.msg === 'companion listening')!.port as number;
  }

  static async readyz(companion: CompanionProcess): Promise<{ status: number; body: Log }> {
    const res = await fetch(`http://127.0.0.1:${CompanionPair.port(companion)}/readyz`);
    return { status: res.status, body: (await res.json()) as Log };
  }

  /** SIGKILL: no handler runs. Resolves with the moment of the kill. */
  static async kill(companion: CompanionProcess): Promise<number> {
    const at = Date.now();
    companion.child.kill('SIGKILL');
    await companion.exited;
    return at;
  }

  async close(): Promise<void> {
    for (const p of this.processes)
      if (p.child.exitCode === null && p.child.signalCode === null) {
        p.child.kill('SIGKILL');
        await p.exited;
      }
  }
}
