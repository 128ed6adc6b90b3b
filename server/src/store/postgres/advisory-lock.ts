import { Client } from 'pg';
import type { ProcessLock } from '../../jobs/run-lock';

/**
 * The first key of every advisory lock the companion takes ("USFS"), so that its locks never meet
 * those of another application sharing the database; the second is the hash of the lock's name.
 */
const NAMESPACE = 0x55534653;

/** How often a held lock's connection is checked, and how long a check may take before the lock counts as lost. */
export const LOCK_HEARTBEAT = { everyMs: 5_000, timeoutMs: 5_000 };

/**
 * TCP keepalives on both ends of a lock's connection. The server's side (session settings) is what
 * frees the lock when the holder's machine vanishes without closing its socket: PostgreSQL ends a
 * session whose peer stops answering after about 10 + 3 × 5 s, instead of the system default of
 * two hours. The holder's side is the heartbeat query.
 */
const SESSION_KEEPALIVES =
  '-c tcp_keepalives_idle=10 -c tcp_keepalives_interval=5 -c tcp_keepalives_count=3 -c tcp_user_timeout=25000';

/**
 * A session-level advisory lock held on a connection of its own. PostgreSQL drops it the moment that
 * session ends, however it ends: a killed companion's socket closes, its backend exits, and the lock
 * is free for the next holder, with no lease to expire. Undefined while another session holds it.
 */
export async function tryAdvisoryLock(
  connectionString: string,
  name: string,
): Promise<ProcessLock | undefined> {
  const client = new Client({
    connectionString,
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
    options: SESSION_KEEPALIVES,
    application_name: `user-sync lock ${name}`,
  });
  let released = false;
  let markLost!: () => void;
  const lost = new Promise<void>((resolve) => (markLost = resolve));
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
  // A holder cut off from the server (a dropped NAT entry, a server that ended the session) learns
  // it within a heartbeat, even though its other connections may still work: the lock may be
  // someone else's by then, so it is reported lost and the connection dropped.
  const heartbeat = setInterval(() => {
    if (released) return;
    const check = client.query('SELECT 1');
    const late = new Promise((_, reject) => setTimeout(reject, LOCK_HEARTBEAT.timeoutMs).unref());
    Promise.race([check, late]).catch(() => {
      if (released) return;
      released = true;
      markLost();
      // The socket may never answer: destroy it rather than wait for a goodbye.
      (client as unknown as { connection?: { stream?: { destroy(): void } } }).connection?.stream?.destroy();
    });
  }, LOCK_HEARTBEAT.everyMs);
  heartbeat.unref();
  void lost.then(() => clearInterval(heartbeat));
  return {
    lost,
    release: async () => {
      if (released) return;
      released = true;
      clearInterval(heartbeat);
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
