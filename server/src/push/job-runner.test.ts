import type { JobStatusView } from '../sources/zendesk/push-types';
import { JobRunner, type SendResult } from './job-runner';

/** A fake Zendesk: jobs finish when the test says, statuses read through one show_many call. */
function fakeZendesk() {
  const jobs = new Map<string, JobStatusView>();
  let n = 0;
  return {
    jobs,
    submit(total: number): string {
      const id = `job${++n}`;
      jobs.set(id, { id, status: 'queued', total, message: null, results: null });
      return id;
    },
    client: {
      jobStatuses: async (ids: readonly string[]) =>
        ids.flatMap((id) => (jobs.has(id) ? [jobs.get(id)!] : [])),
    },
  };
}

const tick = () => new Promise<void>((r) => setTimeout(r, 1));

describe('the job runner', () => {
  it('keeps at most maxJobs in flight and maps results to users by position', async () => {
    const zd = fakeZendesk();
    const settled: Array<{ item: string; result: SendResult }> = [];
    const runner = new JobRunner<string>({
      client: zd.client,
      maxJobs: 2,
      poll: { initialMs: 1, maxMs: 2, factor: 2 },
      sleep: tick,
      onSettled: async (s) => void settled.push(...s),
    });
    await runner.run(['a', 'b'], async () => zd.submit(2));
    await runner.run(['c'], async () => zd.submit(1));
    let third = false;
    const waiting = runner.run(['d'], async () => ((third = true), zd.submit(1)));
    await tick();
    await tick();
    expect(third).toBe(false);
    zd.jobs.set('job1', {
      id: 'job1',
      status: 'completed',
      total: 2,
      message: null,
      results: [
        { status: 'Updated', id: 11 },
        { status: 'Failed', error: 'UserUpdateError', details: 'Name: is too short' },
      ],
    });
    await waiting;
    expect(third).toBe(true);
    expect(settled).toEqual([
      { item: 'a', result: { ok: true, created: false, zendeskId: 11 } },
      {
        item: 'b',
        result: {
          ok: false,
          code: 'PUSH_USER_REJECTED',
          reason: 'Zendesk refused it (UserUpdateError: Name: is too short)',
          notFound: false,
        },
      },
    ]);
    // A job Zendesk forgot and one that completed with fewer results lose their users for this time.
    zd.jobs.delete('job2');
    zd.jobs.set('job3', { id: 'job3', status: 'completed', total: 1, message: null, results: [] });
    await runner.drain();
    expect(settled.slice(2).map((s) => [s.item, !s.result.ok && s.result.code])).toEqual([
      ['c', 'PUSH_NOT_CONFIRMED'],
      ['d', 'PUSH_NOT_CONFIRMED'],
    ]);
    expect(runner.stats).toMatchObject({ jobs: 3, peakInFlight: 2 });
  });
});
