/**
 * The app's bundle for the browser suites: built when it is missing or older than its sources, in a
 * child process (rollup and the LWC compiler are ES modules that Jest's CommonJS runtime does not
 * load), while the other suites go on in the other workers. Whether it built and how long it took is
 * written to test-results/lightning-build.json.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { BUNDLE_FILE, DEFAULT_OUT_DIR, REPO_ROOT } from '../paths';

export async function ensureBundle(): Promise<{ built: boolean; ms?: number }> {
  const tsx = join(REPO_ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [tsx, join(__dirname, 'build-if-stale.ts')],
    {
      encoding: 'utf8',
      maxBuffer: 16 * 1024 * 1024,
    },
  );
  const build = JSON.parse(stdout.trim().split('\n').pop() as string) as { built: boolean; ms?: number };
  const results = join(REPO_ROOT, 'test-results');
  mkdirSync(results, { recursive: true });
  writeFileSync(
    join(results, 'lightning-build.json'),
    JSON.stringify({ ...build, bytes: statSync(join(DEFAULT_OUT_DIR, BUNDLE_FILE)).size }),
  );
  return build;
}
