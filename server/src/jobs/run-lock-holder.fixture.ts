/**
 * A process holding a source's run lock, for tests that kill it: takes the lock in the store at
 * argv[2] (a SQLite file, or a postgres:// URL), attaches the run id argv[3], says "held <pid>" and
 * waits to be killed.
 */
import { openStore } from '../store/open-store';
import { StoreRunLock } from './run-lock';

async function main() {
  const [where, runId] = process.argv.slice(2);
  const postgres = /^postgres(ql)?:\/\//.test(where);
  const store = await openStore(
    postgres ? { databasePath: '', databaseUrl: where } : { databasePath: where },
  );
  const lock = new StoreRunLock(store);
  if (!(await lock.acquire('zendesk'))) throw new Error('the lock was not free');
  await lock.attachRun('zendesk', runId);
  process.stdout.write(`held ${process.pid}\n`);
  setInterval(() => undefined, 60_000);
}

main().catch((error) => {
  process.stderr.write(String(error));
  process.exit(1);
});
