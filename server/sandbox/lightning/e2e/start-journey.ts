/**
 * What the browser suites start: the app's bundle when it is stale, then the app sandbox
 * (simulators, companion, the app) and a browser at once. If either of those fails, the other is
 * closed before the failure is reported (see startAll).
 */
import type { Browser } from 'playwright-core';
import { startAll } from '../../../test/start-all';
import { startAppSandbox, type AppSandbox } from '../../app-sandbox';
import { launchChromium } from './browser';
import { ensureBundle } from './ensure-bundle';

export async function startJourney(
  options: { bundle?: boolean } = {},
): Promise<{ sandbox: AppSandbox; browser: Browser }> {
  if (options.bundle ?? true) {
    const build = await ensureBundle();
    if (build.built)
      process.stdout.write(`Built the User Sync app for the browser tests in ${build.ms} ms\n`);
  }
  const [sandbox, browser] = await startAll(
    { start: () => startAppSandbox({ cometdTimeoutMs: 10_000 }), close: (s: AppSandbox) => s.close() },
    { start: launchChromium, close: (b: Browser) => b.close() },
  );
  return { sandbox, browser };
}
