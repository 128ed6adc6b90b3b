import { loadConfig } from '../server/src/config';
import { readCommandLine } from '../server/src/lib/command-line';
import { SourceConnections } from '../server/src/connect/source-connections';
import { SalesforceDirectory } from '../server/src/directory/salesforce-directory';
import type { RowChange } from '../server/src/directory/types';
import { HeldRuns } from '../server/src/jobs/held-runs';
import { StoreRunLock } from '../server/src/jobs/run-lock';
import { runSource } from '../server/src/jobs/source-run';
import { createLogger } from '../server/src/lib/logger';
import { SalesforceSession } from '../server/src/salesforce/session';
import { createTokenSource } from '../server/src/salesforce/token-source';
import { openStore } from '../server/src/store/open-store';

/**
 * `npm run sync -- --source zendesk|intercom [--dry-run] [--confirm <held run id>]`: one import run
 * from the command line, with the companion's configuration (environment), its store (the tokens
 * Connect stored, the run lock, the held runs) and the source's settings (User_Sync_Source__c in
 * Salesforce): the same run the scheduler makes. Prints progress while it lists, then what changed.
 */
const { values } = readCommandLine({
  command: 'npm run sync --',
  summary:
    "One import run of a source into the Salesforce directory, with the companion's configuration (environment), store and the source's settings: the same run the scheduler makes.",
  options: {
    source: {
      type: 'string',
      choices: ['zendesk', 'intercom'],
      required: true,
      description: 'The source to import',
    },
    'dry-run': {
      type: 'boolean',
      description: 'Preview: list and compare, write nothing (a Preview run record)',
    },
    confirm: {
      type: 'string',
      value: '<held run id>',
      pattern: { test: /^[A-Za-z0-9]{15,18}$/, is: 'the id of the held run (User_Sync_Run__c)' },
      description: 'Confirm a run held for too many deactivations (User_Sync_Run__c id)',
    },
  },
});

interface Args {
  source: 'zendesk' | 'intercom';
  dryRun: boolean;
  confirmRunId?: string;
}

function toArgs(): Args {
  const confirmRunId = values.confirm;
  return {
    source: values.source as Args['source'],
    dryRun: values['dry-run'],
    ...(confirmRunId && { confirmRunId }),
  };
}

async function main(): Promise<number> {
  const args = toArgs();
  const config = loadConfig(process.env);
  if (!config.ok) {
    console.error(`Invalid configuration:\n${config.error.map((l) => `  - ${l}`).join('\n')}`);
    return 2;
  }
  const logger = createLogger({ level: 'warn' }, process.stderr);
  const store = await openStore(config.value);
  try {
    const session = await SalesforceSession.open(
      createTokenSource(config.value.salesforce.auth),
      config.value.salesforce.apiVersion,
    );
    const directory = new SalesforceDirectory(session.connection);
    const connections = new SourceConnections({
      oauth: config.value.oauth,
      sources: config.value.sources,
      store,
      logger,
    });
    console.log(`${args.dryRun ? 'Dry run of' : 'Running'} the ${args.source} import…`);
    const outcome = await runSource(
      {
        directory,
        sources: config.value.sources,
        ...(connections.credentials && { credentials: connections.credentials }),
        lock: new StoreRunLock(store),
        heldRuns: new HeldRuns(store, directory.runs, logger),
        logger,
      },
      {
        source: args.source,
        trigger: 'Manual',
        dryRun: args.dryRun,
        evenIfDisabled: true,
        ...(args.confirmRunId && { confirmRunId: args.confirmRunId }),
        onProgress: ({ pages, users }) => console.log(`  page ${pages}: ${users} team users listed`),
      },
    );
    if (outcome.kind === 'idle') {
      console.error(
        `No User_Sync_Source__c record for ${args.source}: create it in the User Sync app first.`,
      );
      return 1;
    }
    if (outcome.kind === 'refused') {
      console.error(`Not run: ${outcome.reason}`);
      return 1;
    }
    const { summary } = outcome;
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
