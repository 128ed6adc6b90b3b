/**
 * Offline checks of Salesforce source (default: force-app), before any org sees it:
 *   XML            every *-meta.xml is well-formed and matches the Metadata API schema (@salesforce/types)
 *   Apex syntax    every .cls / .trigger parses (@apexdevtools/apex-parser)
 *   Apex semantics types, fields and calls check out (apex-ls, needs Java; required when CI=true)
 *   Apex PMD       Code Analyzer's Recommended PMD rules, security included; suppressions need a reason
 *   References     tabs, apps, permission sets, groups and LWC imports point at what exists
 *   Component set  the sf CLI's library types every file and converts the set to metadata format
 * Usage: tsx scripts/check-metadata.ts [dir]. Exit code 0 = clean, 1 = problems, 2 = bad usage.
 */
import * as fs from 'node:fs';
import { formatReport, hasProblems, runAllChecks } from './checks/run-checks';

const USAGE = 'Usage: tsx scripts/check-metadata.ts [source dir, default force-app]';

async function main(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(USAGE);
    return 0;
  }
  if (argv.length > 1) {
    console.error(`Expected at most one directory.\n${USAGE}`);
    return 2;
  }
  const dir = argv[0] ?? 'force-app';
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
    console.error(`No directory ${dir}.\n${USAGE}`);
    return 2;
  }
  process.env.SF_DISABLE_AUTOUPDATE = 'true';
  process.env.SF_DISABLE_TELEMETRY = 'true';
  const results = await runAllChecks(dir);
  console.log(formatReport(results));
  return hasProblems(results) ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exitCode = 2;
  },
);
