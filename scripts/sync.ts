import { loadConfig } from '../server/src/config';
import { listingFor } from '../server/src/directory/listing-factory';
import { runSync } from '../server/src/directory/run-sync';
import { SalesforceDirectory } from '../server/src/directory/salesforce-directory';
import { parseSourceConfiguration } from '../server/src/directory/source-settings';
import type { RowChange } from '../server/src/directory/types';
import { StoreRunLock } from '../server/src/jobs/run-lock';
import { createLogger } from '../server/src/lib/logger';
import { SalesforceSession } from '../server/src/salesforce/session';
import { createTokenSource } from '../server/src/salesforce/token-source';
import { SqliteStore } from '../server/src/store/sqlite-store';

/**
 * `npm run sync -- --source zendesk|intercom [--dry-run] [--confirm-deactivations]`: one import run
 * from the command line, with the companion's configuration (environment) and the source's settings
 * (User_Sync_Source__c in Salesforce). Prints progress while it lists, then what changed.
 */
const USAGE = 'usage: npm run sync -- --source zendesk|intercom [--dry-run] [--confirm-deactivations]';

function parseArgs(argv: string[]): { source: 'zendesk' | 'intercom'; dryRun: boolean; confirm: boolean } {
  const source = argv[argv.indexOf('--source') + 1];
  if (!argv.includes('--source') || (source !== 'zendesk' && source !== 'intercom')) throw new Error(USAGE);
  const unknown = argv.filter(
    (a, i) =>
      a.startsWith('--') &&
      !['--source', '--dry-run', '--confirm-deactivations'].includes(a) &&
      argv[i - 1] !== '--source',
  );
  if (unknown.length > 0) throw new Error(`unknown option ${unknown[0]}\n${USAGE}`);
  return { source, dryRun: argv.includes('--dry-run'), confirm: argv.includes('--confirm-deactivations') };
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const config = loadConfig(process.env);
  if (!config.ok) {
    console.error(`Invalid configuration:\n${config.error.map((l) => `  - ${l}`).join('\n')}`);
    return 2;
  }
  const logger = createLogger({ level: 'warn' }, process.stderr);
  const store = SqliteStore.open(config.value.databasePath);
  try {
    const session = await SalesforceSession.open(
      createTokenSource(config.value.salesforce.auth),
      config.value.salesforce.apiVersion,
    );
    const directory = new SalesforceDirectory(session.connection);
    const record = await directory.readSettings(args.source);
    if (!record) {
      console.error(
        `No User_Sync_Source__c record for ${args.source}: create it in the User Sync app first.`,
      );
      return 1;
    }
    const configuration = parseSourceConfiguration(record);
    if (!configuration.ok) {
      console.error(
        `The ${args.source} settings are not usable:\n${configuration.error.map((l) => `  - ${l}`).join('\n')}`,
      );
      return 1;
    }
    const listing = listingFor(configuration.value, config.value.sources, {}, logger);
    if (!listing.ok) {
      console.error(listing.error);
      return 1;
    }
    console.log(`${args.dryRun ? 'Dry run of' : 'Running'} the ${args.source} import…`);
    const summary = await runSync({
      settings: configuration.value.settings,
      trigger: 'Manual',
      listing: listing.value,
      directory,
      lock: new StoreRunLock(store),
      logger,
      dryRun: args.dryRun,
      confirmDeactivations: args.confirm,
      onProgress: ({ pages, users }) => console.log(`  page ${pages}: ${users} team users listed`),
    });
    console.log(`${summary.status}: ${summary.message}`);
    if (args.dryRun) {
      for (const { change, row } of summary.sample.writes)
        console.log(`  would ${VERB[change]}: ${row.Source_Key__c} ${row.Name ?? ''} → ${row.Status__c}`);
      for (const row of summary.sample.held) console.log(`  would hold deactivation: ${row.Source_Key__c}`);
      const more = summary.rowsWritten - summary.sample.writes.length;
      if (more > 0) console.log(`  … and ${more} more rows`);
    }
    for (const e of summary.errors.slice(0, 50)) console.log(`  error ${e.sourceKey}: ${e.reason}`);
    if (summary.errors.length > 50)
      console.log(`  … and ${summary.errors.length - 50} more errors (see the run record)`);
    return summary.status === 'Failed' ? 1 : 0;
  } finally {
    await store.close();
  }
}

const VERB: Record<RowChange, string> = {
  created: 'create',
  renamed: 'update',
  linked: 'link',
  deactivated: 'deactivate',
  reactivated: 'reactivate',
};

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
