import { createWriteStream, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSandboxStack } from '../../server/sandbox/stack';
import { startCompanion } from '../../server/src/companion';
import { IAdvizeClient } from '../../server/src/iadvize/client';
import { createLogger, silentLogger } from '../../server/src/lib/logger';
import { mapLimit } from '../../server/src/lib/map-limit';
import { startTestPostgres } from '../../server/test/postgres';
import { readCommandLine } from '../../server/src/lib/command-line';

/**
 * `npm run bench:ticks -- --users 2000`: N users ticked at once, with simulated latency on both
 * services. Prints the companion's figures next to the floor measured on the same run and exits
 * non-zero when a target is missed (docs/architecture.md, "Targets"). `--postgres` runs the burst
 * once more with the store in PostgreSQL (TEST_DATABASE_URL, else a throwaway local cluster) and
 * prints both stores' figures side by side.
 */
const { values: args } = readCommandLine({
  command: 'npm run bench:ticks --',
  summary:
    'N Salesforce users ticked at once, with latency on both services: iAdvize and Salesforce calls, duplicates and wall time against the floor measured on the same run; exit code 1 when a target is missed.',
  options: {
    users: { type: 'number', default: 2000, description: 'Users ticked at once (N)' },
    'sf-latency': {
      type: 'number',
      default: 20,
      value: '<ms>',
      description: "Salesforce's added latency per request",
    },
    'iadvize-latency': {
      type: 'number',
      default: 30,
      value: '<ms>',
      description: "iAdvize's added latency per request",
    },
    concurrency: { type: 'number', default: 8, description: 'iAdvize calls in flight' },
    postgres: {
      type: 'boolean',
      description:
        'Run the burst again with the store in PostgreSQL (TEST_DATABASE_URL, else a throwaway cluster)',
    },
  },
});
const withPostgres = args.postgres;
const N = args.users;
const BATCH = 200;

interface Figures {
  wallMs: number;
  floorMs: number;
  iadvizeCalls: number;
  logins: number;
  sfCalls: number;
  duplicates: number;
  notWritten: number;
  singleMs: number;
  peakRss: number;
}

/** One burst against a fresh sandbox, the companion's store in SQLite or at `databaseUrl`. */
async function burst(databaseUrl?: string): Promise<Figures> {
  const stack = await startSandboxStack({
    salesforce: { latencyMs: args['sf-latency'] },
    iadvize: { latencyMs: args['iadvize-latency'] },
  });
  const { org } = stack.salesforce;
  const iadvize = stack.iadvize.state;
  const dir = mkdtempSync(join(tmpdir(), 'bench-ticks-'));
  const logger = createLogger({ level: 'warn' }, createWriteStream(join(dir, 'companion.log')));
  const config = stack.companionConfig(join(dir, 'companion.db'), {
    iadvize: { concurrency: args.concurrency },
  });
  const companion = await startCompanion({ ...config, ...(databaseUrl && { databaseUrl }) }, logger);
  const ids = Array.from({ length: N }, (_, i) =>
    org.addUser({ FirstName: `Bench${i}`, LastName: 'Tick', Email: `bench${i}@example.com`, Alias: `b${i}` }),
  );
  const pending = () => ids.filter((id) => org.get('User', id)!.IAdvize_Sync_Status__c !== 'Created');

  let peakRss = 0;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
  org.resetCounters();
  iadvize.resetCounters();
  const started = Date.now();
  // Ticked as Data Loader would, 200 per save; the trigger queues one request per user.
  for (let i = 0; i < N; i += BATCH)
    org.update(
      'User',
      ids.slice(i, i + BATCH).map((Id) => ({ Id, IAdvize_Sync__c: true })),
    );
  // Polled sparingly: the sandboxes and the companion share this event loop.
  while (pending().length > 0 && Date.now() - started < 600_000) await new Promise((r) => setTimeout(r, 250));
  const wallMs = Date.now() - started;
  clearInterval(sampler);

  const sfCalls = org.counters.apiRequests;
  const iadvizeCalls = iadvize.counters.graphql + iadvize.counters.rest;
  const logins = iadvize.counters.token;
  const emails = iadvize.operators().map((o) => o.email);
  const duplicates = emails.length - new Set(emails).size;
  const notWritten = pending().length;

  // One more tick on a quiet system: the latency an admin sees.
  const single = org.addUser({
    FirstName: 'Single',
    LastName: 'Tick',
    Email: 'single@example.com',
    Alias: 'single',
  });
  const singleStart = Date.now();
  org.update('User', [{ Id: single, IAdvize_Sync__c: true }]);
  while (org.get('User', single)!.IAdvize_Sync_Status__c !== 'Created' && Date.now() - singleStart < 10_000) {
    await new Promise((r) => setTimeout(r, 5));
  }
  const singleMs = Date.now() - singleStart;
  await companion.stop();

  // The floor: the same iAdvize work (create, then read the SSO key) done directly by the client at
  // the same concurrency, with no Salesforce and no streaming in between.
  const client = new IAdvizeClient({
    credentials: { username: stack.iadvizeConfig.username, password: stack.iadvizeConfig.password },
    graphqlBaseUrl: stack.iadvizeConfig.graphqlUrl,
    restKey: stack.iadvizeConfig.restKey,
    restBaseUrl: stack.iadvizeConfig.restUrl,
    logger: silentLogger(),
  });
  const floorStart = Date.now();
  await mapLimit(
    Array.from({ length: N }, (_, i) => i),
    args.concurrency,
    async (i) => {
      const created = await client.createOperator({
        email: `floor${i}@example.com`,
        firstName: 'Floor',
        lastName: 'Tick',
        pseudo: `f${i}`,
      });
      if (created.ok) await client.getOperator(created.value.id);
    },
  );
  const floorMs = Date.now() - floorStart;
  await stack.close();
  return { wallMs, floorMs, iadvizeCalls, logins, sfCalls, duplicates, notWritten, singleMs, peakRss };
}

/** One line per figure: a column per store, the target, and whether every store met it. */
function rows(runs: Figures[]): Array<[string, string[], string, boolean]> {
  const sfFloor = 2 * Math.ceil(N / BATCH);
  const line = (
    what: string,
    value: (f: Figures) => string,
    against: string,
    ok: (f: Figures) => boolean,
  ): [string, string[], string, boolean] => [what, runs.map(value), against, runs.every(ok)];
  return [
    line(
      'wall time, tick → all written back',
      (f) => `${(f.wallMs / 1000).toFixed(2)} s`,
      `iAdvize floor ${runs.map((f) => `${(f.floorMs / 1000).toFixed(2)} s (×${(f.wallMs / f.floorMs).toFixed(2)})`).join(' / ')}`,
      () => true,
    ),
    line(
      'iAdvize calls per user',
      (f) => (f.iadvizeCalls / N).toFixed(2),
      '≤ 2',
      (f) => f.iadvizeCalls / N <= 2,
    ),
    line(
      'iAdvize logins',
      (f) => String(f.logins),
      '1 (token cached)',
      (f) => f.logins <= 1,
    ),
    line(
      'Salesforce API calls',
      (f) => String(f.sfCalls),
      `floor 2·⌈N/200⌉ = ${sfFloor}, target ≤ ${sfFloor + 3}`,
      (f) => f.sfCalls <= sfFloor + 3,
    ),
    line(
      'duplicate operators',
      (f) => String(f.duplicates),
      '0',
      (f) => f.duplicates === 0,
    ),
    line(
      'users not written back',
      (f) => String(f.notWritten),
      '0',
      (f) => f.notWritten === 0,
    ),
    line(
      'single tick → written back',
      (f) => `${f.singleMs} ms`,
      '< 1000 ms',
      (f) => f.singleMs < 1000,
    ),
    line(
      'peak RSS (bench process)',
      (f) => `${Math.round(f.peakRss / 1024 / 1024)} MB`,
      '',
      () => true,
    ),
  ];
}

async function main(): Promise<void> {
  const stores = ['SQLite'];
  const runs = [await burst()];
  if (withPostgres) {
    const pg = await startTestPostgres();
    try {
      stores.push('PostgreSQL');
      runs.push(await burst(await pg.database()));
    } finally {
      await pg.stop();
    }
  }
  console.log(
    `Tick burst: N = ${N}, Salesforce latency ${args['sf-latency']} ms, iAdvize latency ${args['iadvize-latency']} ms, concurrency ${args.concurrency}`,
  );
  const table = rows(runs);
  console.log(`      ${''.padEnd(36)} ${stores.map((s) => s.padStart(11)).join(' ')}`);
  for (const [what, values, against, ok] of table)
    console.log(
      `${ok ? 'ok  ' : 'MISS'}  ${what.padEnd(36)} ${values.map((v) => v.padStart(11)).join(' ')}   ${against}`,
    );
  if (table.some((r) => !r[3])) process.exit(1);
}

main().catch((error) => {
  console.error('Benchmark failed:', error instanceof Error ? error.stack : error);
  process.exit(1);
});
