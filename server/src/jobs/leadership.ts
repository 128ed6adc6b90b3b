import type { Logger } from '../lib/logger';
import type { ProcessLock, RunLockStore } from './run-lock';

export type Role = 'standby' | 'active' | 'lost' | 'stopped';

export interface LeadershipOptions {
  /** What is led, for logs and /readyz: a streaming channel. */
  channel: string;
  locks: Pick<RunLockStore, 'tryProcessLock'>;
  logger: Logger;
  /** Starts the leader's work; resolves once it runs (the subscription accepted). */
  activate: () => Promise<void>;
  /** The lock was lost while active (its database connection died): the work must stop. */
  onLost: (channel: string) => void;
  /** How often a standby tries the lock. */
  pollMs?: number;
}

/** The lock a channel's leader holds: a file name for SQLite, a key for PostgreSQL's advisory locks. */
export const leaderLockName = (channel: string) =>
  `stream-${channel.replace(/^\/event\//, '').replace(/\W/g, '_')}`;

/**
 * One consumer per streaming channel among the instances sharing a store. The leader holds the
 * channel's process lock (store.tryProcessLock: an advisory lock on its own PostgreSQL session, or an
 * exclusive SQLite file lock), which the system drops when the leader dies; the others are standbys
 * that try the lock every `pollMs` and, when they get it, start the consumer, which resumes from the
 * stored replay id. A leader whose lock is lost stops being one: it cannot know it is alone.
 */
export class Leadership {
  private currentRole: Role = 'standby';
  private lock: ProcessLock | undefined;
  private timer: NodeJS.Timeout | undefined;
  private readonly standbySince = Date.now();
  private readonly log: Logger;

  constructor(private readonly o: LeadershipOptions) {
    this.log = o.logger.child({ component: 'leadership', channel: o.channel });
  }

  get role(): Role {
    return this.currentRole;
  }

  get channel(): string {
    return this.o.channel;
  }

  /**
   * Tries the lock once: as leader, resolves once the work runs; as standby, resolves at once and
   * keeps trying in the background.
   */
  async start(): Promise<void> {
    if (await this.tryLead()) return;
    this.log.info({ role: 'standby' }, 'another instance consumes this channel: standing by');
    this.poll();
  }

  /** Stops trying the lock (a stopping instance must not take a channel over); keeps it if held. */
  halt(): void {
    if (this.currentRole === 'standby') this.currentRole = 'stopped';
    clearTimeout(this.timer);
  }

  /** Stops trying and releases the lock, once the leader's work has stopped. */
  async stop(): Promise<void> {
    this.halt();
    this.currentRole = 'stopped';
    const lock = this.lock;
    this.lock = undefined;
    await lock?.release();
  }

  private poll(): void {
    this.timer = setTimeout(() => {
      this.tryLead().then(
        (led) => led || this.currentRole !== 'standby' || this.poll(),
        (error: unknown) => {
          // The database unreachable for a moment: a standby keeps trying.
          this.log.warn({ err: error }, 'could not try the channel lock; trying again');
          if (this.currentRole === 'standby') this.poll();
        },
      );
    }, this.o.pollMs ?? 1_000);
    this.timer.unref();
  }

  private async tryLead(): Promise<boolean> {
    if (this.currentRole !== 'standby') return false;
    const lock = await this.o.locks.tryProcessLock(leaderLockName(this.o.channel));
    if (!lock) return false;
    if (this.currentRole !== 'standby') {
      await lock.release(); // stopped while trying
      return false;
    }
    this.lock = lock;
    this.currentRole = 'active';
    void lock.lost?.then(() => {
      if (this.currentRole !== 'active') return;
      this.currentRole = 'lost';
      this.log.error({ role: 'lost' }, 'the channel lock was lost (database connection gone): stopping');
      this.o.onLost(this.o.channel);
    });
    this.log.info({ role: 'active', standbyMs: Date.now() - this.standbySince }, 'leading the channel');
    try {
      await this.o.activate();
    } catch (error) {
      // Holding the lock without consuming would stall the channel for every instance.
      this.currentRole = 'lost';
      this.lock = undefined;
      await lock.release();
      this.o.onLost(this.o.channel);
      throw error;
    }
    return true;
  }
}
