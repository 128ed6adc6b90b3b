import { silentLogger } from '../lib/logger';
import { waitFor } from '../../test/wait-for';
import { Leadership, leaderLockName } from './leadership';
import type { ProcessLock } from './run-lock';

/** Locks as a database gives them: one holder per name; `kill` ends a holder's session. */
function fakeLocks() {
  const held = new Map<string, () => void>();
  return {
    held,
    async tryProcessLock(name: string): Promise<ProcessLock | undefined> {
      if (held.has(name)) return undefined;
      let lose!: () => void;
      const lost = new Promise<void>((resolve) => (lose = resolve));
      held.set(name, () => (held.delete(name), lose()));
      return { lost, release: async () => void held.delete(name) };
    },
  };
}

const leadershipOf = (
  locks: ReturnType<typeof fakeLocks>,
  activate: () => Promise<void> = async () => undefined,
) => {
  const lost: string[] = [];
  const leadership = new Leadership({
    channel: '/event/IAdvize_Sync_Request__e',
    locks,
    logger: silentLogger(),
    activate,
    onLost: (channel) => lost.push(channel),
    pollMs: 20,
  });
  return { leadership, lost };
};

describe('Leadership of a channel', () => {
  it('lets one instance lead; the standby takes over once the leader is gone', async () => {
    const locks = fakeLocks();
    const activated: string[] = [];
    const a = leadershipOf(locks, async () => void activated.push('a'));
    const b = leadershipOf(locks, async () => void activated.push('b'));
    await a.leadership.start();
    await b.leadership.start();
    expect([a.leadership.role, b.leadership.role]).toEqual(['active', 'standby']);
    await new Promise((r) => setTimeout(r, 100));
    expect(activated).toEqual(['a']);

    await a.leadership.stop();
    await waitFor(() => b.leadership.role === 'active', 'the standby to lead');
    expect(activated).toEqual(['a', 'b']);
    expect([...locks.held.keys()]).toEqual([leaderLockName('/event/IAdvize_Sync_Request__e')]);
    await b.leadership.stop();
  });

  it('stops leading, and says so, when its lock is lost', async () => {
    const locks = fakeLocks();
    const a = leadershipOf(locks);
    await a.leadership.start();
    locks.held.get('stream-IAdvize_Sync_Request__e')!();
    await waitFor(() => a.leadership.role === 'lost', 'the lost role');
    expect(a.lost).toEqual(['/event/IAdvize_Sync_Request__e']);
  });

  it('does not keep a lock it could not start consuming with', async () => {
    const locks = fakeLocks();
    const a = leadershipOf(locks, async () => {
      throw new Error('subscription refused');
    });
    await expect(a.leadership.start()).rejects.toThrow('subscription refused');
    expect(a.lost).toHaveLength(1);
    expect(a.leadership.role).toBe('lost');
    expect(locks.held.size).toBe(0);
  });

  it('a halted standby never takes over', async () => {
    const locks = fakeLocks();
    const a = leadershipOf(locks);
    const b = leadershipOf(locks);
    await a.leadership.start();
    await b.leadership.start();
    b.leadership.halt();
    await a.leadership.stop();
    await new Promise((r) => setTimeout(r, 100));
    expect(b.leadership.role).toBe('stopped');
    expect(locks.held.size).toBe(0);
  });
});
