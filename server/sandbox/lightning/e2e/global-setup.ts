/**
 * Before the browser tests: the app's bundle, built once per run when it is missing or older than
 * its sources. The build runs in a child process (rollup and the LWC compiler are ES modules that
 * Jest's CommonJS runtime does not load) and its time is written to test-results/lightning-build.json.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUNDLE_FILE, DEFAULT_OUT_DIR, REPO_ROOT } from '../paths';

export default function globalSetup(): void {
  const started = Date.now();
  execFileSync(
    process.execPath,
    [join(REPO_ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(__dirname, 'build-if-stale.ts')],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const results = join(REPO_ROOT, 'test-results');
  mkdirSync(results, { recursive: true });
  writeFileSync(
    join(results, 'lightning-build.json'),
    JSON.stringify({ ms: Date.now() - started, bytes: statSync(join(DEFAULT_OUT_DIR, BUNDLE_FILE)).size }),
  );
}
