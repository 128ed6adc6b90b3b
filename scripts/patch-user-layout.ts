/**
 * Adds the iAdvize section to the org's User page layout (scripts/layout/patch-layout.ts).
 * Run `npm run patch:layout -- --help` for the options.
 */
import { runSf, sfAvailable, SF_MISSING } from './deploy/sf-cli';
import { patchUserLayout } from './layout/patch-layout';
import { parsePatchArgs } from './layout/patch-plan';

function main(argv: string[]): number {
  const parsed = parsePatchArgs(argv);
  if ('help' in parsed) {
    console.log(parsed.text);
    return 0;
  }
  if ('error' in parsed) {
    console.error(`npm run patch:layout: ${parsed.error}\n\n${parsed.text}`);
    return 2;
  }
  if (!sfAvailable()) {
    console.error(SF_MISSING);
    return 1;
  }
  try {
    console.log(patchUserLayout(parsed.options, runSf, (line) => console.log(line)));
    return 0;
  } catch (error) {
    console.error(`Error: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

process.exitCode = main(process.argv.slice(2));
