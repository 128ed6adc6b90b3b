import { holderGone, ownerId, type RunLockRow } from './run-lock';

const NOW = Date.parse('2026-11-22T12:00:00Z');
const row = (owner: string, minutesAgo: number): RunLockRow => ({
  source: 'zendesk',
  owner,
  runId: 'a0C1',
  heartbeatAt: new Date(NOW - minutesAgo * 60_000).toISOString(),
});

describe('holderGone', () => {
  it('on this host, asks whether the process is alive', () => {
    expect(holderGone(row('vm:123:x', 0), NOW, 'vm', () => false)).toBe(true);
    expect(holderGone(row('vm:123:x', 999), NOW, 'vm', () => true)).toBe(false);
  });
  it('on another host, only a long silence frees the lock', () => {
    expect(holderGone(row('other:123:x', 5), NOW, 'vm', () => false)).toBe(false);
    expect(holderGone(row('other:123:x', 31), NOW, 'vm', () => false)).toBe(true);
  });
  it('names the owner by host and pid', () => {
    expect(ownerId(42, 'vm')).toMatch(/^vm:42:[0-9a-f-]{36}$/);
  });
});
