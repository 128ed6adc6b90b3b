/**
 * Before the browser tests: the app's bundle, built once per run when it is missing or older than
 * its sources. The build runs in a child process (rollup and the LWC compiler are ES modules that
 * Jest's CommonJS runtime does not load); whether it built and how long it took is written to
 * test-results/lightning-build.json.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUNDLE_FILE, DEFAULT_OUT_DIR, REPO_ROOT } from '../paths';

export default function globalSetup(): void {
  const output = execFileSync(
    process.execPath,
    [join(REPO_ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(__dirname, 'build-if-stale.ts')],
    { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' },
  );
  const build = JSON.parse(output.trim().split('\n').pop() as string) as { built: boolean; ms?: number };
  if (build.built) console.log(`\nBuilt the User Sync app for the browser tests in ${build.ms} ms`);
  const results = join(REPO_ROOT, 'test-results');
  mkdirSync(results, { recursive: true });
  writeFileSync(
    join(results, 'lightning-build.json'),
    JSON.stringify({ ...build, bytes: statSync(join(DEFAULT_OUT_DIR, BUNDLE_FILE)).size }),
  );
}
