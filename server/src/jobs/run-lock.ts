import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { RunLock } from '../directory/run-sync';

/** Who holds a source's run lock and which run it runs, as the store keeps it. */
export interface RunLockRow {
  source: string;
  owner: string;
  runId: string | null;
  takenAt: string;
}

/** A lock the operating system (or the database) drops the moment the process holding it dies. */
export interface ProcessLock {
  release(): Promise<void>;
  /**
   * Settles if the lock is lost while held (its database connection died): the holder can no longer
   * be sure it is alone. Absent where the lock cannot be lost short of the process dying.
   */
  readonly lost?: Promise<void>;
}

/** What the run lock needs from the store. */
export interface RunLockStore {
  /** Takes the named lock, or undefined while another holder (process, or connection) has it. */
  tryProcessLock(name: string): Promise<ProcessLock | undefined>;
  /** Records the holder of a source's lock, replacing the row a dead holder left. */
  putRunLock(source: string, owner: string, takenAt: Date): Promise<void>;
  attachRunToLock(source: string, owner: string, runId: string): Promise<void>;
  releaseRunLock(source: string, owner: string): Promise<void>;
  /** Every lock row, for recovery at start. */
  runLocks(): Promise<RunLockRow[]>;
}

/** Names the holder in the store, for people reading it: host, pid and a unique part. */
export function ownerId(pid = process.pid, host = hostname()): string {
  return `${host}:${pid}:${randomUUID()}`;
}

const lockName = (source: string) => `run-${source}`;

/**
 * Never two runs of one source at once, across the companion, the command line and restarts. The
 * lock is bound to its holder's life, not guessed from a process id (in a container the restarted
 * companion is PID 1 on the same hostname again): a process lock from the store, which the system
 * drops when the holder dies, however it dies. The store's row only says which run the holder ran,
 * so that a run left Running by a dead holder can be marked Failed by whoever takes the lock next.
 */
export class StoreRunLock implements RunLock {
  readonly owner = ownerId();
  private readonly interrupted: string[] = [];
  private readonly held = new Map<string, ProcessLock>();

  constructor(private readonly store: RunLockStore) {}

  async acquire(source: string): Promise<boolean> {
    if (this.held.has(source)) return false;
    const lock = await this.store.tryProcessLock(lockName(source));
    if (!lock) return false;
    try {
      // Holding the process lock proves any row left for this source belongs to a dead holder.
      const left = (await this.store.runLocks()).find((row) => row.source === source);
      await this.store.putRunLock(source, this.owner, new Date());
      if (left?.runId) this.interrupted.push(left.runId);
    } catch (error) {
      // Not kept when its row could not be written: held, it would block the source until a restart.
      await lock.release();
      throw error;
    }
    this.held.set(source, lock);
    return true;
  }

  async attachRun(source: string, runId: string): Promise<void> {
    await this.store.attachRunToLock(source, this.owner, runId);
  }

  async release(source: string): Promise<void> {
    const lock = this.held.get(source);
    if (!lock) return;
    this.held.delete(source);
    await this.store.releaseRunLock(source, this.owner);
    await lock.release();
  }

  /** The names of the locks this holder has now (the metrics' lock gauge). */
  heldNames(): string[] {
    return [...this.held.keys()];
  }

  /** The run the source's current holder runs, if it said. */
  async holderRun(source: string): Promise<string | undefined> {
    return (await this.store.runLocks()).find((row) => row.source === source)?.runId ?? undefined;
  }

  /** Run ids left Running by dead holders, found while acquiring; each is returned once. */
  takeInterrupted(): string[] {
    return this.interrupted.splice(0);
  }

  /**
   * At start: forgets the rows of dead holders and returns the runs they left behind. `owns` picks
   * the rows this caller answers for (directory sources, or pushes): each marks its own runs.
   */
  async recover(
    owns: (name: string) => boolean = () => true,
  ): Promise<Array<{ source: string; runId: string }>> {
    const found: Array<{ source: string; runId: string }> = [];
    for (const row of await this.store.runLocks()) {
      if (this.held.has(row.source) || !owns(row.source)) continue;
      const lock = await this.store.tryProcessLock(lockName(row.source));
      if (!lock) continue; // its holder lives
      try {
        if (row.runId) found.push({ source: row.source, runId: row.runId });
        await this.store.releaseRunLock(row.source, row.owner);
      } finally {
        await lock.release();
      }
    }
    return found;
  }
}
