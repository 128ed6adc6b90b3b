import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, chownSync, cpSync, existsSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { Client } from 'pg';
import { freePort } from './free-port';
import { postgresBinDir } from './postgres-binaries';

/**
 * A PostgreSQL for tests: the server named by TEST_DATABASE_URL when set, else a throwaway cluster
 * (initdb in a temp folder, listening on a free 127.0.0.1 port, its socket in that folder) stopped
 * by `stop()`. Each `database()` is a fresh, empty database on it, so tests never see each other's rows.
 */
export interface TestPostgres {
  database(): Promise<string>;
  stop(): Promise<void>;
}

/**
 * PostgreSQL refuses to run as root: as root, the cluster belongs to the `postgres` account, or to
 * `nobody` on a machine without Debian's package (the npm binaries are readable by everyone).
 */
function runAs(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  for (const account of ['postgres', 'nobody']) {
    const id = (flag: string) => spawnSync('id', [flag, account], { encoding: 'utf8' });
    const [uid, gid] = [id('-u'), id('-g')];
    if (uid.status === 0 && gid.status === 0)
      return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
  }
  throw new Error(
    'running as root, and there is neither a postgres nor a nobody account to run PostgreSQL as',
  );
}

async function connectable(url: string, timeoutMs: number, server: ChildProcess, log: () => string) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const client = new Client({ connectionString: url });
    try {
      await client.connect();
      await client.end();
      return;
    } catch (error) {
      await client.end().catch(() => undefined);
      if (server.exitCode !== null || Date.now() > deadline)
        throw new Error(`PostgreSQL did not start: ${String(error)}\n${log()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/**
 * The account PostgreSQL runs as must be able to reach its binaries. The npm package's sit inside
 * the checkout, which may be in a folder only root can enter (mktemp -d makes 0700 folders): then
 * the installation is copied once to the temp folder, which every account can enter.
 */
function reachableBinDir(binDir: string, user: { uid: number; gid: number } | undefined): string {
  const runs = (dir: string) => spawnSync(join(dir, 'postgres'), ['--version'], { ...user }).status === 0;
  if (!user || runs(binDir)) return binDir;
  const root = dirname(binDir);
  const copy = join(
    tmpdir(),
    `user-sync-postgres-${createHash('sha256').update(root).digest('hex').slice(0, 12)}`,
  );
  if (!existsSync(copy)) {
    const partial = mkdtempSync(`${copy}-`);
    cpSync(root, partial, { recursive: true, verbatimSymlinks: true });
    chmodSync(partial, 0o755);
    try {
      renameSync(partial, copy);
    } catch {
      // Another test file copied it first.
      rmSync(partial, { recursive: true, force: true });
    }
  }
  const copied = join(copy, basename(binDir));
  if (!runs(copied))
    throw new Error(
      `PostgreSQL's binaries in ${binDir} cannot be run by uid ${user.uid}, even copied to ${copy}`,
    );
  return copied;
}

async function startCluster(given: string): Promise<{ url: string; stop: () => Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'pg-test-'));
  const user = runAs();
  if (user) chownSync(dir, user.uid, user.gid);
  const binDir = reachableBinDir(given, user);
  const data = join(dir, 'data');
  const init = spawnSync(
    join(binDir, 'initdb'),
    ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--no-sync', '--no-instructions'],
    { encoding: 'utf8', ...user },
  );
  if (init.status !== 0) throw new Error(`initdb failed: ${init.error?.message ?? init.stderr}`);
  const port = await freePort();
  // Durability settings off: a test cluster is thrown away, and fsync would only slow the tests.
  const server = spawn(
    join(binDir, 'postgres'),
    ['-D', data, '-p', String(port), '-k', dir, '-c', 'listen_addresses=127.0.0.1']
      .concat(['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'])
      .concat(['-c', 'max_connections=200']),
    { stdio: ['ignore', 'ignore', 'pipe'], ...user },
  );
  let log = '';
  server.stderr!.on('data', (chunk: Buffer) => (log = (log + chunk.toString()).slice(-4000)));
  const exited = new Promise<void>((done) => server.once('exit', () => done()));
  const orphanGuard = () => server.kill('SIGKILL');
  process.once('exit', orphanGuard);
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  await connectable(url, 20_000, server, () => log);
  return {
    url,
    stop: async () => {
      process.off('exit', orphanGuard);
      // SIGINT is PostgreSQL's fast shutdown: clients are disconnected, nothing waits.
      if (server.exitCode === null) server.kill('SIGINT');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

let counter = 0;

/**
 * `binDir` picks the server binaries of a throwaway cluster (default: the first of PATH, Debian's,
 * the npm package's; see postgres-binaries.ts); TEST_DATABASE_URL, when set, wins over both.
 */
export async function startTestPostgres(options: { binDir?: string } = {}): Promise<TestPostgres> {
  const given = process.env.TEST_DATABASE_URL;
  const cluster = given
    ? { url: given, stop: async () => undefined }
    : await startCluster(options.binDir ?? postgresBinDir());
  const created: string[] = [];
  const admin = () => new Client({ connectionString: cluster.url });
  return {
    async database() {
      const name = `user_sync_test_${process.pid}_${Date.now()}_${++counter}`;
      const client = admin();
      await client.connect();
      try {
        await client.query(`CREATE DATABASE ${name}`);
      } finally {
        await client.end();
      }
      created.push(name);
      const url = new URL(cluster.url);
      url.pathname = `/${name}`;
      return url.toString();
    },
    async stop() {
      if (given) {
        const client = admin();
        await client.connect();
        try {
          for (const name of created) await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        } finally {
          await client.end();
        }
      }
      await cluster.stop();
    },
  };
}
