import { runApexPmdCheck } from './apex-pmd-check';
import { runApexSemanticCheck, SemanticCheckOptions } from './apex-semantic-check';
import { runApexSyntaxCheck } from './apex-syntax-check';
import { runComponentSetCheck } from './component-set-check';
import { runReferenceCheck } from './reference-check';
import { CheckResult, formatProblem } from './problem';
import { runXmlCheck } from './xml-check';

/** Runs every offline check on `dir`, one after the other so that each reports its own time. */
export async function runAllChecks(dir: string, options: SemanticCheckOptions = {}): Promise<CheckResult[]> {
  return [
    await runXmlCheck(dir),
    await runApexSyntaxCheck(dir),
    await runApexSemanticCheck(dir, options),
    await runApexPmdCheck(dir, options),
    await runReferenceCheck(dir),
    await runComponentSetCheck(dir),
  ];
}

/** The per-file problem list (grouped by check) followed by one summary line per check. */
export function formatReport(results: CheckResult[]): string {
  const lines: string[] = [];
  for (const result of results.filter((r) => r.problems.length > 0)) {
    lines.push(`${result.name}: ${result.problems.length} problem${result.problems.length === 1 ? '' : 's'}`);
    for (const problem of result.problems) lines.push(`  ${formatProblem(problem)}`);
    lines.push('');
  }
  for (const result of results) lines.push(summaryLine(result));
  return lines.join('\n');
}

export function summaryLine(result: CheckResult): string {
  const time = `(${result.durationMs} ms)`;
  if (result.skipped) return `skip  ${result.name}: ${result.skipped} ${time}`;
  const status = result.problems.length === 0 ? 'ok  ' : 'FAIL';
  const detail = result.detail ? `; ${result.detail}` : '';
  return `${status}  ${result.name}: ${result.checked} files, ${result.problems.length} problems${detail} ${time}`;
}

export function hasProblems(results: CheckResult[]): boolean {
  return results.some((result) => result.problems.length > 0);
}
