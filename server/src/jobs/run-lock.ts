import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { RunLock } from '../directory/run-sync';

/** A held run lock as the store keeps it. */
export interface RunLockRow {
  source: string;
  owner: string;
  runId: string | null;
  heartbeatAt: string;
}

/** What the lock needs from the store: an atomic check-and-take, and its bookkeeping. */
export interface RunLockStore {
  /** Takes the lock when free, or when `canTakeOver(held)` says the holder is gone. Atomic. */
  acquireRunLock(
    source: string,
    owner: string,
    canTakeOver: (held: RunLockRow) => boolean,
  ): Promise<{ acquired: boolean; previous?: RunLockRow }>;
  attachRunToLock(source: string, owner: string, runId: string): Promise<void>;
  releaseRunLock(source: string, owner: string): Promise<void>;
  /** Every lock row, for recovery at start. */
  runLocks(): Promise<RunLockRow[]>;
}

// A holder on another host cannot be checked for life: only a silence this long lets it be replaced.
const STALE_AFTER_MS = 30 * 60 * 1000;

export function ownerId(pid = process.pid, host = hostname()): string {
  return `${host}:${pid}:${randomUUID()}`;
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Whether a lock's holder is gone: its process on this host has died, or it fell silent. */
export function holderGone(
  held: RunLockRow,
  now: number,
  host = hostname(),
  isAlive: (pid: number) => boolean = pidAlive,
): boolean {
  const [heldHost, pid] = held.owner.split(':');
  if (heldHost === host && /^\d+$/.test(pid ?? '')) return !isAlive(Number(pid));
  return now - Date.parse(held.heartbeatAt) > STALE_AFTER_MS;
}

/**
 * Never two runs of one source at once, across the companion, the CLI and restarts: the lock lives
 * in the store. A lock left by a crashed process is taken over, and the run it held is reported so
 * it can be marked Failed.
 */
export class StoreRunLock implements RunLock {
  readonly owner = ownerId();
  private readonly interrupted: string[] = [];

  constructor(private readonly store: RunLockStore) {}

  async acquire(source: string): Promise<boolean> {
    const { acquired, previous } = await this.store.acquireRunLock(source, this.owner, (held) =>
      holderGone(held, Date.now()),
    );
    if (acquired && previous?.runId) this.interrupted.push(previous.runId);
    return acquired;
  }

  async attachRun(source: string, runId: string): Promise<void> {
    await this.store.attachRunToLock(source, this.owner, runId);
  }

  async release(source: string): Promise<void> {
    await this.store.releaseRunLock(source, this.owner);
  }

  /** Run ids left Running by crashed holders, found while acquiring; each is returned once. */
  takeInterrupted(): string[] {
    return this.interrupted.splice(0);
  }

  /** At start: frees the locks of dead holders and returns the runs they left behind. */
  async recover(): Promise<string[]> {
    const found: string[] = [];
    for (const held of await this.store.runLocks()) {
      if (!holderGone(held, Date.now())) continue;
      const { acquired } = await this.store.acquireRunLock(
        held.source,
        this.owner,
        (h) => h.owner === held.owner,
      );
      if (!acquired) continue;
      if (held.runId) found.push(held.runId);
      await this.store.releaseRunLock(held.source, this.owner);
    }
    return found;
  }
}
