/**
 * The closing lines of `npm test`: how each static check went, the slowest Jest suites (so the next
 * person sees where the time goes), and one plain `N passed, M failed` line counting the tests and
 * the checks.
 */
import { relative } from 'node:path';

/** The part of Jest's `--json` results this report reads. */
export interface JestResults {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTotalTestSuites: number;
  numRuntimeErrorTestSuites: number;
  testResults: { name: string; startTime: number; endTime: number }[];
}

export interface CheckOutcome {
  name: string;
  ok: boolean;
  ms: number;
}

export const SLOWEST = 10;

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

export function slowestSuites(results: JestResults, root: string, count = SLOWEST): string[] {
  const suites = results.testResults
    .map((r) => ({ name: relative(root, r.name), ms: r.endTime - r.startTime }))
    .sort((a, b) => b.ms - a.ms)
    .slice(0, count);
  const width = Math.max(0, ...suites.map((s) => seconds(s.ms).length));
  return suites.map((s) => `  ${seconds(s.ms).padStart(width)}  ${s.name}`);
}

/**
 * `results` is undefined when Jest wrote none (it crashed or never started): that counts as one
 * failure, so a run that tested nothing never reads as green.
 */
export function testReport(input: {
  checks: CheckOutcome[];
  results: JestResults | undefined;
  jestMs: number;
  wallMs: number;
  root: string;
}): string[] {
  const { checks, results, root } = input;
  const lines = ['', 'Static checks:'];
  for (const c of checks) lines.push(`  ${c.ok ? 'ok    ' : 'FAILED'}  ${c.name} (${seconds(c.ms)})`);
  const failedChecks = checks.filter((c) => !c.ok).length;
  if (!results) {
    lines.push('', `Jest wrote no results after ${seconds(input.jestMs)}: it crashed (see above).`);
    lines.push(`${checks.length - failedChecks} passed, ${failedChecks + 1} failed`);
    return lines;
  }
  lines.push('', `Slowest test suites (of ${results.numTotalTestSuites}):`, ...slowestSuites(results, root));
  const broken = results.numRuntimeErrorTestSuites;
  lines.push(
    '',
    `Jest: ${results.numPassedTests} tests passed, ${results.numFailedTests} failed` +
      `${results.numPendingTests ? `, ${results.numPendingTests} skipped` : ''}` +
      `${broken ? `, ${broken} suite${broken === 1 ? '' : 's'} could not run` : ''}` +
      ` in ${seconds(input.jestMs)}; npm test took ${seconds(input.wallMs)}.`,
  );
  const passed = results.numPassedTests + checks.length - failedChecks;
  const failed = results.numFailedTests + broken + failedChecks;
  lines.push(`${passed} passed, ${failed} failed`);
  return lines;
}
