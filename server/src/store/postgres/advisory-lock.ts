import { Client } from 'pg';
import type { ProcessLock } from '../../jobs/run-lock';

/**
 * The first key of every advisory lock the companion takes ("USFS"), so that its locks never meet
 * those of another application sharing the database; the second is the hash of the lock's name.
 */
const NAMESPACE = 0x55534653;

/**
 * A session-level advisory lock held on a connection of its own. PostgreSQL drops it the moment that
 * session ends, however it ends: a killed companion's socket closes, its backend exits, and the lock
 * is free for the next holder, with no lease to expire. Undefined while another session holds it.
 */
export async function tryAdvisoryLock(
  connectionString: string,
  name: string,
): Promise<ProcessLock | undefined> {
  // keepAlive: a holder whose network vanished (rather than whose process died) is noticed too.
  const client = new Client({
    connectionString,
    keepAlive: true,
    application_name: `user-sync lock ${name}`,
  });
  let markLost!: () => void;
  const lost = new Promise<void>((resolve) => (markLost = resolve));
  let released = false;
  // A connection error after the lock was taken means the lock is gone: reported through `lost`.
  client.on('error', () => markLost());
  client.on('end', () => released || markLost());
  await client.connect();
  try {
    const { rows } = await client.query<{ held: boolean }>(
      'SELECT pg_try_advisory_lock($1, hashtext($2)) AS held',
      [NAMESPACE, name],
    );
    if (!rows[0].held) {
      released = true;
      await client.end();
      return undefined;
    }
  } catch (error) {
    released = true;
    await client.end().catch(() => undefined);
    throw error;
  }
  return {
    lost,
    release: async () => {
      if (released) return;
      released = true;
      // Ending the session frees the lock; the explicit unlock only makes that immediate on the server.
      await client
        .query('SELECT pg_advisory_unlock($1, hashtext($2))', [NAMESPACE, name])
        .catch(() => undefined);
      await client.end().catch(() => undefined);
    },
  };
}

/** Held for the length of one transaction on `query`'s connection: two instances migrating at once take turns. */
export const MIGRATION_LOCK_SQL = `SELECT pg_advisory_xact_lock(${NAMESPACE}, 0)`;
