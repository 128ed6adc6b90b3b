/**
 * Offline checks of Salesforce source (default: force-app), before any org sees it:
 *   XML            every *-meta.xml is well-formed and matches the Metadata API schema (@salesforce/types)
 *   Apex syntax    every .cls / .trigger parses (@apexdevtools/apex-parser)
 *   Apex semantics types, fields and calls check out (apex-ls, needs Java; required when CI=true)
 *   Apex PMD       Code Analyzer's Recommended PMD rules, security included; suppressions need a reason
 *   References     tabs, apps, permission sets, groups and LWC imports point at what exists
 *   Component set  the sf CLI's library types every file and converts the set to metadata format
 * Usage: npm run check:metadata -- [dir]. Exit code 0 = clean, 1 = problems, 2 = bad usage.
 */
import * as fs from 'node:fs';
import { readCommandLine } from '../server/src/lib/command-line';

const { positionals } = readCommandLine({
  command: 'npm run check:metadata --',
  summary:
    'Checks Salesforce source offline: XML against the Metadata API schema, Apex syntax, semantics (apex-ls) and PMD, references, and the sf CLI component set. Exit code 1 when a problem is found.',
  options: {},
  positionals: { name: 'dir', description: 'The source folder (default force-app)', max: 1 },
});

async function main(): Promise<number> {
  const dir = positionals[0] ?? 'force-app';
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
    console.error(`npm run check:metadata: no directory ${dir}`);
    return 2;
  }
  // Loaded only now: the checks' libraries take seconds to load, which --help need not wait for.
  const { formatReport, hasProblems, runAllChecks } = await import('./checks/run-checks');
  process.env.SF_DISABLE_AUTOUPDATE = 'true';
  process.env.SF_DISABLE_TELEMETRY = 'true';
  const results = await runAllChecks(dir);
  console.log(formatReport(results));
  return hasProblems(results) ? 1 : 0;
}

main().then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exitCode = 2;
  },
);
