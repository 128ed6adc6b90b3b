/**
 * A process holding a source's run lock, for tests that kill it: takes the lock in the store at
 * argv[2], attaches the run id argv[3], says "held <pid>" and waits to be killed.
 */
import { SqliteStore } from '../store/sqlite-store';
import { StoreRunLock } from './run-lock';

async function main() {
  const [file, runId] = process.argv.slice(2);
  const lock = new StoreRunLock(SqliteStore.open(file));
  if (!(await lock.acquire('zendesk'))) throw new Error('the lock was not free');
  await lock.attachRun('zendesk', runId);
  process.stdout.write(`held ${process.pid}\n`);
  setInterval(() => undefined, 60_000);
}

main().catch((error) => {
  process.stderr.write(String(error));
  process.exit(1);
});
