/**
 * A real browser for the tests: a Chromium found by findChromium (never a downloaded one) driven by
 * playwright-core, headless, with the flags a root, offline machine needs, and a fresh profile per
 * launch (Playwright makes one).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { REPO_ROOT } from '../paths';
import { findChromium } from './chromium';

export const SCREENSHOTS_DIR = join(REPO_ROOT, 'test-results', 'screenshots');

/** Always a promise: a missing browser is a rejection the caller can settle, never a throw. */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: findChromium().path,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Saves what the window shows (or the whole page) as test-results/screenshots/<name>.png. */
export async function screenshot(
  page: Page,
  name: string,
  options: { fullPage?: boolean } = {},
): Promise<string> {
  mkdirSync(SCREENSHOTS_DIR, { recursive: true });
  const path = join(SCREENSHOTS_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: options.fullPage ?? false });
  return path;
}

interface AxeViolation {
  id: string;
  impact: string | null;
  nodes: unknown[];
}

/** Runs axe-core (injected from the npm package) on the page: the serious and critical violations. */
export async function seriousViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
  const violations = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(): Promise<{ violations: AxeViolation[] }> } }).axe;
    return (await axe.run()).violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length }));
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}, ${v.nodes} element${v.nodes === 1 ? '' : 's'})`);
}
