import { createWriteStream, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSandboxStack } from '../../server/sandbox/stack';
import { startCompanion } from '../../server/src/companion';
import { IAdvizeClient } from '../../server/src/iadvize/client';
import { createLogger, silentLogger } from '../../server/src/lib/logger';
import { mapLimit } from '../../server/src/lib/map-limit';
import { parseArgs } from './args';

/**
 * `npm run bench:ticks -- --users 2000`: N users ticked at once, with simulated latency on both
 * services. Prints the companion's figures next to the floor measured on the same run and exits
 * non-zero when a target is missed (docs/architecture.md, "Targets").
 */
const args = parseArgs(process.argv.slice(2), {
  users: 2000,
  'sf-latency': 20,
  'iadvize-latency': 30,
  concurrency: 8,
});
const N = args.users;
const BATCH = 200;

async function main(): Promise<void> {
  const stack = await startSandboxStack({
    salesforce: { latencyMs: args['sf-latency'] },
    iadvize: { latencyMs: args['iadvize-latency'] },
  });
  const { org } = stack.salesforce;
  const iadvize = stack.iadvize.state;
  const dir = mkdtempSync(join(tmpdir(), 'bench-ticks-'));
  const logger = createLogger({ level: 'warn' }, createWriteStream(join(dir, 'companion.log')));
  const companion = await startCompanion(
    stack.companionConfig(join(dir, 'companion.db'), { iadvize: { concurrency: args.concurrency } }),
    logger,
  );
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

  const sfFloor = 2 * Math.ceil(N / BATCH);
  const rows: Array<[string, string, string, boolean]> = [
    [
      'wall time, tick → all written back',
      `${(wallMs / 1000).toFixed(2)} s`,
      `iAdvize floor ${(floorMs / 1000).toFixed(2)} s (×${(wallMs / floorMs).toFixed(2)})`,
      true,
    ],
    ['iAdvize calls per user', (iadvizeCalls / N).toFixed(2), '≤ 2', iadvizeCalls / N <= 2],
    ['iAdvize logins', String(logins), '1 (token cached)', logins <= 1],
    [
      'Salesforce API calls',
      String(sfCalls),
      `floor 2·⌈N/200⌉ = ${sfFloor}, target ≤ ${sfFloor + 3}`,
      sfCalls <= sfFloor + 3,
    ],
    ['duplicate operators', String(duplicates), '0', duplicates === 0],
    ['users not written back', String(notWritten), '0', notWritten === 0],
    ['single tick → written back', `${singleMs} ms`, '< 1000 ms', singleMs < 1000],
    ['peak RSS (bench process: sandboxes + companion)', `${Math.round(peakRss / 1024 / 1024)} MB`, '', true],
  ];
  console.log(
    `Tick burst: N = ${N}, Salesforce latency ${args['sf-latency']} ms, iAdvize latency ${args['iadvize-latency']} ms, concurrency ${args.concurrency}`,
  );
  for (const [what, value, against, ok] of rows)
    console.log(`${ok ? 'ok  ' : 'MISS'}  ${what.padEnd(48)} ${value.padStart(9)}   ${against}`);
  if (rows.some((r) => !r[3])) process.exit(1);
}

main().catch((error) => {
  console.error('Benchmark failed:', error instanceof Error ? error.stack : error);
  process.exit(1);
});
