import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { canUsePidNamespace, inPidNamespace, namespacedChildPid } from '../../test/pid-namespace';
import { startTestPostgres, type TestPostgres } from '../../test/postgres';
import { openStore } from '../store/open-store';
import { waitFor } from '../../test/wait-for';
import { StoreRunLock } from './run-lock';

const FIXTURE = resolve(__dirname, 'run-lock-holder.fixture.ts');

/** Starts a lock holder (as PID 1 of its own namespace when asked); resolves once it holds. */
function startHolder(file: string, runId: string, asPid1: boolean) {
  const argv = [process.execPath, '--require', 'tsx/cjs', FIXTURE, file, runId];
  const [command, ...args] = asPid1 ? inPidNamespace(argv) : argv;
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  const held = new Promise<number>((resolveHeld, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      const match = /held (\d+)/.exec(chunk.toString());
      if (match) resolveHeld(Number(match[1]));
    });
    child.on('exit', (code) => reject(new Error(`holder exited with ${code} before holding`)));
  });
  const exited = new Promise<void>((done) => child.on('exit', () => done()));
  return { child, held, exited };
}

describe('a run lock lives as long as its holder, also as PID 1 of a container', () => {
  let pg: TestPostgres;
  beforeAll(async () => {
    pg = await startTestPostgres();
  }, 60_000);
  afterAll(() => pg.stop());

  // PostgreSQL: the holder's advisory lock ends with its session, which ends with its socket.
  const cases: Array<[string, boolean, 'sqlite' | 'postgres']> = [
    ['a plain process', false, 'sqlite'],
    ['PID 1 in its own PID namespace', true, 'sqlite'],
    ['a plain process on PostgreSQL', false, 'postgres'],
  ];
  for (const [name, asPid1, kind] of cases) {
    const run = asPid1 && !canUsePidNamespace ? it.skip : it;
    run(`${name}, killed with SIGKILL, is taken over at once and its run reported`, async () => {
      const location =
        kind === 'postgres'
          ? { databasePath: '', databaseUrl: await pg.database() }
          : { databasePath: join(mkdtempSync(join(tmpdir(), 'lock-')), 'companion.db') };
      const first = startHolder(location.databaseUrl ?? location.databasePath, 'a0CRUN000000000001', asPid1);
      const pidInside = await first.held;
      if (asPid1) expect(pidInside).toBe(1);
      const store = await openStore(location);
      const restarted = new StoreRunLock(store);
      // While the holder lives, nobody takes its lock, at start or later.
      expect(await restarted.recover()).toEqual([]);
      expect(await restarted.acquire('zendesk')).toBe(false);

      process.kill(asPid1 ? namespacedChildPid(first.child) : first.child.pid!, 'SIGKILL');
      await first.exited;
      // The next holder is PID 1 again, on the same host: nothing but the lock itself can tell.
      // PostgreSQL frees the lock when the holder's backend sees its socket closed: a moment later.
      let found: Array<{ source: string; runId: string }> = [];
      await waitFor(
        async () => (found = await restarted.recover()).length > 0,
        'the lock of the dead holder',
        5_000,
      );
      expect(found).toEqual([{ source: 'zendesk', runId: 'a0CRUN000000000001' }]);
      expect(await restarted.acquire('zendesk')).toBe(true);
      await restarted.release('zendesk');
      await store.close();
    });
  }
});
