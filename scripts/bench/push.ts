import { Connection } from 'jsforce';
import { join } from 'node:path';
import { StoreRunLock } from '../../server/src/jobs/run-lock';
import { silentLogger } from '../../server/src/lib/logger';
import { JobRunner, DEFAULT_POLL } from '../../server/src/push/job-runner';
import { MAX_JOBS, runPush, type PushSummary } from '../../server/src/push/run-push';
import { SalesforcePushes } from '../../server/src/push/salesforce-push';
import { zendeskAccess } from '../../server/src/push/zendesk-access';
import { ZendeskPushClient, staticAccessToken } from '../../server/src/sources/zendesk';
import { SqliteStore } from '../../server/src/store/sqlite-store';
import { readCommandLine } from '../../server/src/lib/command-line';
import { LATENCY_OPTIONS } from './latency-options';
import { BenchChild } from './child-process';
import type { PushCounters, PushSandboxReady, ZendeskTally } from './push-sandbox-process';

/**
 * `npm run bench:push -- --users 20000 --changes 1%`: a first activation of a push of N users
 * (insert mode, matched by external id), a re-activation after k = changes·N of them changed, and an
 * activation of the unchanged segment. The sandboxes run in a child process; this process runs the
 * companion side only (runPush over jsforce and the Zendesk client), so its peak RSS is the
 * companion's. Figures are printed next to the floor measured on the same run: ⌈N/100⌉ bulk jobs
 * submitted and polled by the Zendesk client alone, with the same jobs in flight and the same polling.
 * The exit code is non-zero when a target is missed (docs/architecture.md, "Targets").
 */

const args = readCommandLine({
  command: 'npm run bench:push --',
  summary:
    'A first push of N Salesforce users to Zendesk, a re-activation after a share of them changed, and one of the unchanged segment, each against the floor measured on the same run; exit code 1 when a target is missed.',
  options: {
    users: { type: 'number', default: 20_000, description: 'Salesforce users in the segment (N)' },
    changes: {
      type: 'number',
      default: 0.01,
      percent: true,
      description: 'Share changed before the re-activation (1% or 0.01)',
    },
    ...LATENCY_OPTIONS,
    'job-ms': {
      type: 'number',
      default: 300,
      value: '<ms>',
      description: 'How long a Zendesk bulk job works',
    },
  },
}).values;
const N = Math.floor(args.users);
const BULK = 100; // Zendesk's bulk endpoints and show_many: 100 users a call
const SF_PAGE = 2000; // SOQL query page
const WALL_FACTOR = 1.5;
const RSS_TARGET_MB = 200;

const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const ceilDiv = (a: number, b: number) => Math.ceil(a / b);
type Row = [what: string, value: string, against: string, ok: boolean];

/** Zendesk requests of a phase, by what they are. */
function zendeskCalls(c: PushCounters) {
  const by = c.zendesk.byPath;
  const n = (key: string) => by[key] ?? 0;
  const jobs = n('POST /api/v2/users/create_or_update_many') + n('PUT /api/v2/users/update_many');
  const polls = n('GET /api/v2/job_statuses/show_many');
  const lookups = n('GET /api/v2/users/show_many') + n('GET /api/v2/users/search');
  const fields = n('GET /api/v2/user_fields') + n('POST /api/v2/user_fields');
  return {
    total: c.zendesk.requests,
    jobs,
    polls,
    lookups,
    fields,
    other: c.zendesk.requests - jobs - polls - lookups - fields,
  };
}

async function main(): Promise<number> {
  if (!(N > 0)) throw new Error('--users must be at least 1');
  if (args.changes > 1) throw new Error('--changes is a share of the users: 1% or 0.01, at most 100%');
  const started = Date.now();
  const jobMs = args['job-ms'];
  const sandbox = await BenchChild.start<PushSandboxReady>(join(__dirname, 'push-sandbox-process.ts'), {
    users: N,
    zendeskLatencyMs: args['zendesk-latency'],
    sfLatencyMs: args['sf-latency'],
    jobQueuedMs: Math.round(jobMs / 3),
    jobWorkMs: Math.round(jobMs / 3),
    jobPerUserMs: jobMs / 3 / BULK,
  });
  const store = SqliteStore.open(':memory:');
  let sampler: NodeJS.Timeout | undefined;
  try {
    const { ready } = sandbox;
    const counters = () => sandbox.request({ op: 'counters' }) as Promise<PushCounters>;
    const reset = () => sandbox.request({ op: 'reset' });
    const connection = new Connection({
      instanceUrl: ready.salesforceUrl,
      accessToken: ready.salesforceToken,
      version: ready.apiVersion,
    });
    const salesforce = new SalesforcePushes(connection);
    const lock = new StoreRunLock(store);
    const zendesk = zendeskAccess({
      salesforce,
      environment: { accessToken: ready.zendeskToken, baseUrl: ready.zendeskUrl },
      logger: silentLogger(),
    });
    const activate = async (): Promise<{ summary: PushSummary; ms: number; calls: PushCounters }> => {
      await reset();
      const t0 = performance.now();
      const outcome = await runPush(
        { salesforce, store, lock, zendesk, logger: silentLogger() },
        { pushId: ready.pushId, trigger: 'Manual' },
      );
      const ms = performance.now() - t0;
      if (outcome.kind !== 'ran') throw new Error(`the push did not run: ${JSON.stringify(outcome)}`);
      return { summary: outcome.summary, ms, calls: await counters() };
    };

    const baselineRss = process.memoryUsage().rss;
    let peakRss = baselineRss;
    sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);

    // The floor: ⌈N/100⌉ jobs of other users, submitted and polled by the Zendesk client alone, with
    // the same jobs in flight and the same polling. Measured before and after the activations (the
    // first run also warms the process up); the faster of the two is the floor.
    const client = new ZendeskPushClient({
      subdomain: 'acme',
      baseUrl: ready.zendeskUrl,
      tokens: staticAccessToken(ready.zendeskToken),
      logger: silentLogger(),
    });
    const measureFloor = async (tag: string) => {
      await reset();
      const runner = new JobRunner<number>({
        client,
        maxJobs: MAX_JOBS,
        poll: DEFAULT_POLL,
        onSettled: async () => undefined,
        sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
      });
      const t0 = performance.now();
      for (let j = 0; j < ceilDiv(N, BULK); j++) {
        const users = Array.from({ length: Math.min(BULK, N - j * BULK) }, (_, i) => ({
          name: `Floor ${j * BULK + i}`,
          external_id: `FLOOR-${tag}-${j * BULK + i}`,
          notes: 'floor',
        }));
        await runner.run([j], async () => {
          const submitted = await client.submitCreateOrUpdateMany(users);
          if (submitted.kind !== 'job') throw new Error('bulk imports are off in the sandbox');
          return submitted.id;
        });
      }
      await runner.drain();
      return { ms: performance.now() - t0, calls: zendeskCalls(await counters()) };
    };
    const floorBefore = await measureFloor('a');

    const first = await activate();
    const firstTally = (await sandbox.request({ op: 'tally' })) as ZendeskTally;
    const { changed: k } = (await sandbox.request({ op: 'change', fraction: args.changes })) as {
      changed: number;
    };
    const again = await activate();
    const againTally = (await sandbox.request({ op: 'tally' })) as ZendeskTally;
    const quiet = await activate();
    const floorAfter = await measureFloor('b');
    const { ms: floorMs, calls: floor } = floorBefore.ms <= floorAfter.ms ? floorBefore : floorAfter;
    clearInterval(sampler);
    sampler = undefined;

    const jobsN = ceilDiv(N, BULK);
    const jobsK = ceilDiv(k, BULK);
    const z1 = zendeskCalls(first.calls);
    const z2 = zendeskCalls(again.calls);
    const z3 = zendeskCalls(quiet.calls);
    const sfPages = ceilDiv(N, SF_PAGE);
    const ratio = first.ms / floorMs;
    const breakdown = (z: ReturnType<typeof zendeskCalls>) =>
      `${z.jobs} jobs + ${z.polls} polls + ${z.lookups} lookups + ${z.fields} user-field calls + ${z.other} other`;

    const firstTable: Row[] = [
      ['run', first.summary.status, first.summary.message, first.summary.status === 'Succeeded'],
      [
        'Zendesk floor (client alone)',
        seconds(floorMs),
        `${floor.jobs} jobs + ${floor.polls} polls, ${MAX_JOBS} in flight (faster of ${seconds(floorBefore.ms)} before, ${seconds(floorAfter.ms)} after)`,
        floor.jobs === jobsN,
      ],
      [
        'wall time',
        seconds(first.ms),
        `≤ ${WALL_FACTOR} × floor = ${seconds(WALL_FACTOR * floorMs)} (×${ratio.toFixed(2)})`,
        ratio <= WALL_FACTOR,
      ],
      [
        'Zendesk calls',
        String(z1.total),
        `${breakdown(z1)}; floor ⌈N/100⌉ = ${jobsN} jobs + ${floor.polls} polls`,
        z1.jobs === jobsN && z1.lookups <= jobsN && z1.fields <= 4 && z1.other === 0,
      ],
      [
        'Salesforce calls',
        String(first.calls.salesforce.apiRequests),
        `${JSON.stringify(first.calls.salesforce.byKind)}; segment pages ⌈N/2000⌉ = ${sfPages}`,
        (first.calls.salesforce.byKind.query ?? 0) <= sfPages + 6,
      ],
      [
        'users in Zendesk',
        String(firstTally.users),
        `N = ${N}, each once (${firstTally.distinct} distinct), ${firstTally.withExpectedNotes} with their values`,
        firstTally.users === N && firstTally.distinct === N && firstTally.withExpectedNotes === N,
      ],
    ];
    const againTable: Row[] = [
      ['run', again.summary.status, again.summary.message, again.summary.status === 'Succeeded'],
      [
        'Zendesk calls',
        String(z2.total),
        `${breakdown(z2)}; ⌈k/100⌉ = ${jobsK} jobs + polls, no lookup (ids remembered)`,
        z2.jobs === jobsK && z2.lookups === 0 && z2.other === 0,
      ],
      ['wall time', seconds(again.ms), `first activation ${seconds(first.ms)} (no target)`, true],
      [
        'Salesforce calls',
        String(again.calls.salesforce.apiRequests),
        `${JSON.stringify(again.calls.salesforce.byKind)} (the segment is read again: ⌈N/2000⌉ = ${sfPages})`,
        (again.calls.salesforce.byKind.query ?? 0) <= sfPages + 6,
      ],
      [
        'users updated',
        String(again.summary.counts.updated),
        `k = ${k}; ${tallyText(againTally, N)}`,
        again.summary.counts.updated === k && againTally.withExpectedNotes === N && againTally.users === N,
      ],
    ];
    const quietTable: Row[] = [
      ['Zendesk calls', String(z3.total), '0 for an unchanged segment', z3.total === 0],
      [
        'users unchanged',
        String(quiet.summary.counts.unchanged),
        `N = ${N}`,
        quiet.summary.counts.unchanged === N,
      ],
      ['wall time', seconds(quiet.ms), 'reading the segment from Salesforce and the store (no target)', true],
    ];
    const memoryTable: Row[] = [
      [
        'peak RSS (bench process: companion side)',
        `${mb(peakRss)} MB`,
        `≤ ${RSS_TARGET_MB} MB; baseline ${mb(baselineRss)} MB`,
        mb(peakRss) <= RSS_TARGET_MB,
      ],
    ];

    console.log(
      `Push to Zendesk: N = ${N}, k = ${k} (${(args.changes * 100).toFixed(2)}%), Zendesk latency ${args['zendesk-latency']} ms, a job ${jobMs} ms + per user, Salesforce latency ${args['sf-latency']} ms`,
    );
    console.log(
      `(sandboxes in a child process, seeded in ${seconds(ready.seedMs)}; Zendesk rate limit lifted)`,
    );
    const print = (title: string, rows: Row[]) => {
      console.log(title);
      for (const [what, value, against, ok] of rows)
        console.log(`${ok ? 'ok  ' : 'MISS'}  ${what.padEnd(30)} ${value.padStart(9)}   ${against}`);
    };
    print('1. First activation (insert mode, N new users)', firstTable);
    print(`2. Re-activation after ${k} changes`, againTable);
    print('3. Activation of the unchanged segment', quietTable);
    print('4. Memory', memoryTable);
    console.log(`total benchmark time ${seconds(Date.now() - started)}`);
    return [...firstTable, ...againTable, ...quietTable, ...memoryTable].some((r) => !r[3]) ? 1 : 0;
  } finally {
    if (sampler) clearInterval(sampler);
    await sandbox.close();
    await store.close();
  }
}

function tallyText(t: ZendeskTally, n: number): string {
  return `${t.withExpectedNotes} of ${n} Zendesk users with their current values, ${t.users} in all`;
}

// Ctrl-C: exiting runs the 'exit' hook that kills the sandbox process.
process.once('SIGINT', () => process.exit(130));
main()
  .then((code) => process.exit(code))
  .catch((error) => {
    console.error('Benchmark failed:', error instanceof Error ? error.stack : error);
    process.exit(1);
  });
