import { Connection } from 'jsforce';
import {
  PROGRESS_EVERY_MS,
  runSync,
  type RunSummary,
  type SourceSettings,
} from '../../server/src/directory/run-sync';
import { SalesforceDirectory } from '../../server/src/directory/salesforce-directory';
import { zendeskListing } from '../../server/src/directory/source-listing';
import { StoreRunLock } from '../../server/src/jobs/run-lock';
import { silentLogger } from '../../server/src/lib/logger';
import { staticAccessToken, ZendeskClient, type TeamUserFilter } from '../../server/src/sources/zendesk';
import { SqliteStore } from '../../server/src/store/sqlite-store';
import { readCommandLine } from '../../server/src/lib/command-line';
import { LATENCY_OPTIONS } from './latency-options';
import { SandboxProcess } from './pull-sandbox';
import type { SandboxCounters } from './pull-sandbox-process';

/**
 * `npm run bench:pull -- --users 20000 --changes 1%`: a full Zendesk pull of N agents and admins into
 * an empty directory, then a re-sync after k = changes·N renames. The sandboxes run in a child
 * process; this process runs the companion side only (Zendesk client, runSync, SalesforceDirectory
 * over jsforce), so its peak RSS is the companion's. Figures are printed next to the floor measured
 * on the same run; the exit code is non-zero when a target is missed (docs/architecture.md, "Targets").
 */

/** A run record is created, shows its progress every PROGRESS_EVERY_MS, and is finished. */
const runRecordCalls = (ms: number) => 2 + Math.floor(ms / PROGRESS_EVERY_MS);

const args = readCommandLine({
  command: 'npm run bench:pull --',
  summary:
    'A full Zendesk pull of N agents into an empty directory, then a re-sync after a share of them changed, each against the floor measured on the same run; exit code 1 when a target is missed.',
  options: {
    users: { type: 'number', default: 20_000, description: 'Zendesk agents and admins (N)' },
    changes: {
      type: 'number',
      default: 0.01,
      percent: true,
      description: 'Share renamed before the re-sync (1% or 0.01)',
    },
    ...LATENCY_OPTIONS,
  },
}).values;
const N = Math.floor(args.users);
const PAGE = 100; // Zendesk cursor pagination, documented maximum page size
const BATCH = 200; // sObject Collections, records per call
const ZENDESK_SLACK = 2;
const RSS_TARGET_MB = 200;
const RSS_TARGET_ENTRIES = 100_000;
const FILTER: TeamUserFilter = { roles: ['agent', 'admin'], customRoleIds: [] };
const SETTINGS: SourceSettings = {
  source: 'zendesk',
  identifierColumn: null,
  matchUserField: null,
  updateLinkedUserNames: false,
  deactivateLinkedUsers: false,
  deactivationThreshold: 0.2,
};

const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const ceilDiv = (a: number, b: number) => Math.ceil(a / b);

type Row = [what: string, value: string, against: string, ok: boolean];

function salesforceCalls(c: SandboxCounters) {
  const by = c.salesforce.byKind;
  return {
    writes: (by.collections ?? 0) + (by.bulk ?? 0),
    collections: by.collections ?? 0,
    bulk: by.bulk ?? 0,
    queries: by.query ?? 0,
    sobject: by.sobject ?? 0,
    other: by.other ?? 0,
  };
}

async function main(): Promise<number> {
  if (!(N > 0)) throw new Error('--users must be at least 1');
  if (args.changes > 1) throw new Error('--changes is a share of the users: 1% or 0.01, at most 100%');
  const started = Date.now();
  const sandbox = await SandboxProcess.start({
    users: N,
    endUsers: Math.min(1000, Math.ceil(N / 10)),
    zendeskLatencyMs: args['zendesk-latency'],
    sfLatencyMs: args['sf-latency'],
  });
  const store = SqliteStore.open(':memory:');
  let sampler: NodeJS.Timeout | undefined;
  try {
    const { ready } = sandbox;
    const zendeskClient = () =>
      new ZendeskClient({
        subdomain: 'acme',
        baseUrl: ready.zendeskUrl,
        tokens: staticAccessToken(ready.zendeskToken),
        logger: silentLogger(),
      });
    const connection = new Connection({
      instanceUrl: ready.salesforceUrl,
      accessToken: ready.salesforceToken,
      version: ready.apiVersion,
    });
    const directory = new SalesforceDirectory(connection);
    const lock = new StoreRunLock(store);
    const pull = (): Promise<RunSummary> =>
      runSync({
        settings: SETTINGS,
        trigger: 'Manual',
        listing: zendeskListing(zendeskClient().listTeamUsers(FILTER), SETTINGS.identifierColumn),
        directory,
        lock,
        logger: silentLogger(),
      });

    const baselineRss = process.memoryUsage().rss;
    let peakRss = baselineRss;
    // Per phase as well, to tell what a run holds from what the listing alone churns through.
    const phase = { rss: 0, heap: 0 };
    const sample = () => {
      const { rss, heapUsed } = process.memoryUsage();
      peakRss = Math.max(peakRss, rss);
      phase.rss = Math.max(phase.rss, rss);
      phase.heap = Math.max(phase.heap, heapUsed);
    };
    const phasePeak = () => {
      sample();
      const peak = `${mb(phase.rss)} MB RSS, ${mb(phase.heap)} MB heap`;
      Object.assign(phase, { rss: 0, heap: 0 });
      return peak;
    };
    sampler = setInterval(sample, 50);

    // The floor: every page of the same users listed by the Zendesk client alone, no Salesforce.
    await sandbox.reset();
    const floorStart = performance.now();
    let floorUsers = 0;
    for await (const page of zendeskClient().listTeamUsers(FILTER)) floorUsers += page.users.length;
    const floorMs = performance.now() - floorStart;
    const floorRequests = (await sandbox.counters()).zendesk.requests;
    const floorPeak = phasePeak();

    // 1. Full pull into an empty directory.
    await sandbox.reset();
    const fullStart = performance.now();
    const full = await pull();
    const fullMs = performance.now() - fullStart;
    const fullPeak = phasePeak();
    const fullCounters = await sandbox.counters();
    const fullRows = await sandbox.rows();

    // 2. Re-sync after k renames.
    const { renamed: k } = await sandbox.change(args.changes);
    await sandbox.reset();
    const resyncStart = performance.now();
    const resync = await pull();
    const resyncMs = performance.now() - resyncStart;
    const resyncPeak = phasePeak();
    const resyncCounters = await sandbox.counters();
    const resyncRows = await sandbox.rows();
    clearInterval(sampler);
    sampler = undefined;

    const fullSf = salesforceCalls(fullCounters);
    const resyncSf = salesforceCalls(resyncCounters);
    const pages = ceilDiv(N, PAGE);
    const fullRatio = fullMs / floorMs;
    const created = full.counts.created;
    const resyncWrites = resync.rowsWritten;
    // Directory rows and active Salesforce users are read 2,000 per query; nothing else is read.
    const readFloor = (rows: number) => ceilDiv(Math.max(rows, 1), 2000) + 1;
    const writeText = (sf: ReturnType<typeof salesforceCalls>) =>
      `${sf.collections} collections + ${sf.bulk} Bulk API 2.0 calls`;

    const fullTable: Row[] = [
      ['run status', full.status, full.message, full.status === 'Succeeded'],
      [
        'pagination floor (Zendesk client alone)',
        seconds(floorMs),
        `${floorUsers} users, ${floorRequests} requests`,
        floorUsers === N,
      ],
      [
        'wall time, full pull',
        seconds(fullMs),
        `≤ 1.2 × floor = ${seconds(1.2 * floorMs)} (×${fullRatio.toFixed(2)})`,
        fullRatio <= 1.2,
      ],
      [
        'Zendesk requests',
        String(fullCounters.zendesk.requests),
        `⌈N/100⌉ = ${pages}, target ≤ ${pages + ZENDESK_SLACK}`,
        fullCounters.zendesk.requests <= pages + ZENDESK_SLACK,
      ],
      [
        'Salesforce write calls',
        String(fullSf.writes),
        `${writeText(fullSf)}; collections alone ⌈N/200⌉ = ${ceilDiv(N, BATCH)}`,
        fullSf.writes <= ceilDiv(N, BATCH),
      ],
      [
        'Salesforce queries (rows + match lookups)',
        String(fullSf.queries),
        `⌈rows/2000⌉ + ⌈users/2000⌉ = ${readFloor(0)} (no target)`,
        true,
      ],
      [
        'Salesforce run record calls',
        String(fullSf.sobject),
        `start + finish + progress every ${PROGRESS_EVERY_MS / 1000} s = ${runRecordCalls(fullMs)}`,
        fullSf.sobject <= runRecordCalls(fullMs),
      ],
      [
        'rows created',
        String(created),
        `N = ${N}; rows in the org ${fullRows.zendeskRows}`,
        created === N && fullRows.zendeskRows === N,
      ],
    ];
    const resyncTable: Row[] = [
      ['run status', resync.status, resync.message, resync.status === 'Succeeded'],
      [
        'wall time, re-sync',
        seconds(resyncMs),
        `floor ${seconds(floorMs)} (×${(resyncMs / floorMs).toFixed(2)}, no target)`,
        true,
      ],
      [
        'Zendesk requests',
        String(resyncCounters.zendesk.requests),
        `⌈N/100⌉ = ${pages}, target ≤ ${pages + ZENDESK_SLACK}`,
        resyncCounters.zendesk.requests <= pages + ZENDESK_SLACK,
      ],
      [
        'Salesforce write calls',
        String(resyncSf.writes),
        `⌈k/200⌉ = ${ceilDiv(k, BATCH)} (∝ k, not N = ${ceilDiv(N, BATCH)})`,
        resyncSf.writes <= ceilDiv(k, BATCH),
      ],
      [
        'Salesforce queries (rows + match lookups)',
        String(resyncSf.queries),
        `⌈N/2000⌉ + ⌈users/2000⌉ = ${readFloor(N)} (no target)`,
        true,
      ],
      [
        'rows written',
        String(resyncWrites),
        `k = ${k}; renamed ${resync.counts.renamed}, renamed rows in the org ${resyncRows.renamedRows}`,
        resyncWrites === k && resyncRows.renamedRows === k,
      ],
    ];
    const memoryTable: Row[] = [
      [
        'peak RSS (bench process: companion side)',
        `${mb(peakRss)} MB`,
        `≤ ${RSS_TARGET_MB} MB with ${RSS_TARGET_ENTRIES.toLocaleString('en')} entries; here N = ${N.toLocaleString('en')}, baseline ${mb(baselineRss)} MB`,
        mb(peakRss) <= RSS_TARGET_MB,
      ],
      ['  while listing only (the floor)', '', floorPeak, true],
      ['  during the full pull', '', fullPeak, true],
      ['  during the re-sync', '', resyncPeak, true],
    ];

    console.log(
      `Full pull and re-sync: N = ${N}, k = ${k} (${(args.changes * 100).toFixed(2)}%), Zendesk latency ${args['zendesk-latency']} ms, Salesforce latency ${args['sf-latency']} ms`,
    );
    console.log(
      `(sandboxes in a child process, seeded in ${seconds(ready.seedMs)}, with ${Math.min(1000, Math.ceil(N / 10))} end users the role filter skips; Zendesk rate limit lifted)`,
    );
    const print = (title: string, rows: Row[]) => {
      console.log(title);
      for (const [what, value, against, ok] of rows)
        console.log(`${ok ? 'ok  ' : 'MISS'}  ${what.padEnd(46)} ${value.padStart(9)}   ${against}`);
    };
    print('1. Full pull (first import)', fullTable);
    print(`2. Re-sync after ${k} renames`, resyncTable);
    print('3. Memory', memoryTable);
    console.log(`total benchmark time ${seconds(Date.now() - started)}`);
    return [...fullTable, ...resyncTable, ...memoryTable].some((r) => !r[3]) ? 1 : 0;
  } finally {
    if (sampler) clearInterval(sampler);
    await sandbox.close();
    await store.close();
  }
}

// Ctrl-C: exiting runs the 'exit' hook that kills the sandbox process.
process.once('SIGINT', () => process.exit(130));
main()
  .then((code) => process.exit(code))
  .catch((error) => {
    console.error('Benchmark failed:', error instanceof Error ? error.stack : error);
    process.exit(1);
  });
