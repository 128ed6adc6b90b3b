/**
 * `npm run deploy -- --target-org <alias> [--check-only]`: the Salesforce side in one command, through
 * the sf CLI: deploys force-app running the local Apex tests, assigns the permission sets, patches the
 * User layout, and prints what it did. --check-only validates all of it and saves nothing.
 */
import { readDeploy } from './deploy/deploy-report';
import {
  ADMIN_PERMISSION_SETS,
  assignCommand,
  INTEGRATION_PERMISSION_SET,
  metadataDeployCommand,
  parseDeployArgs,
  type DeployOptions,
} from './deploy/deploy-plan';
import { runSf, sfAvailable, SF_MISSING, shown, type SfRunner } from './deploy/sf-cli';
import { patchUserLayout } from './layout/patch-layout';
import { DEFAULT_LAYOUT } from './layout/patch-plan';

/** Runs one sf step; its failure stops the deploy with readable lines. */
function step(sf: SfRunner, args: string[], log: (line: string) => void): ReturnType<typeof readDeploy> {
  log(`$ ${shown(args)}`);
  const result = sf([...args, '--json']);
  const outcome = readDeploy(result.json, result.exitCode);
  if (!outcome.ok)
    throw new Error(
      `${shown(args.slice(0, 3))} failed:\n${outcome.problems.map((p) => `  - ${p}`).join('\n')}`,
    );
  return outcome;
}

export function deploy(o: DeployOptions, sf: SfRunner, log: (line: string) => void): string[] {
  const done: string[] = [];
  const metadata = step(sf, metadataDeployCommand(o), log);
  done.push(
    `${o.checkOnly ? 'Validated' : 'Deployed'} force-app (${metadata.summary || 'no counts returned'}).`,
  );
  if (o.checkOnly) {
    // Nothing was saved: there are no permission sets to assign yet.
    done.push(`Would assign ${ADMIN_PERMISSION_SETS.join(', ')} to ${o.admin ?? 'the logged-in user'}.`);
    if (o.integrationUser) done.push(`Would assign ${INTEGRATION_PERMISSION_SET} to ${o.integrationUser}.`);
  } else {
    step(sf, assignCommand(o, ADMIN_PERMISSION_SETS, o.admin), log);
    done.push(`Assigned ${ADMIN_PERMISSION_SETS.join(', ')} to ${o.admin ?? 'the logged-in user'}.`);
    if (o.integrationUser) {
      step(sf, assignCommand(o, [INTEGRATION_PERMISSION_SET], o.integrationUser), log);
      done.push(`Assigned ${INTEGRATION_PERMISSION_SET} to ${o.integrationUser}.`);
    }
  }
  done.push(
    patchUserLayout(
      { targetOrg: o.targetOrg, layout: DEFAULT_LAYOUT, dryRun: o.checkOnly, noDeploy: false },
      sf,
      log,
    ),
  );
  return done;
}

function main(argv: string[]): number {
  const parsed = parseDeployArgs(argv);
  if ('help' in parsed) {
    console.log(parsed.text);
    return 0;
  }
  if ('error' in parsed) {
    console.error(`npm run deploy: ${parsed.error}\n\n${parsed.text}`);
    return 2;
  }
  if (!sfAvailable()) {
    console.error(SF_MISSING);
    return 1;
  }
  try {
    const done = deploy(parsed.options, runSf, (line) => console.log(line));
    console.log(`\nDone:\n${done.map((line) => `  - ${line}`).join('\n')}`);
    if (!parsed.options.checkOnly)
      console.log(
        '  - Assign the permission set group User Sync Full Admin in Setup if you prefer it (the sf CLI assigns sets, not groups).',
      );
    return 0;
  } catch (error) {
    console.error(`\nDeploy stopped: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
