/** One thing wrong with one file. `line`/`column` are 1-based when known. */
export interface Problem {
  file: string;
  message: string;
  line?: number;
  column?: number;
}

/** What one check found over a source directory. */
export interface CheckResult {
  name: string;
  /** How many items (files, components) the check looked at. */
  checked: number;
  problems: Problem[];
  /** Set when the check could not run here and was not required to (e.g. Java missing locally). */
  skipped?: string;
  /** A short note for the summary line (e.g. what was produced). */
  detail?: string;
  durationMs: number;
}

/** `file:line:col: message`, leaving out what is unknown. */
export function formatProblem(problem: Problem): string {
  const where = [problem.file, problem.line, problem.line !== undefined ? problem.column : undefined]
    .filter((part) => part !== undefined)
    .join(':');
  return `${where}: ${problem.message}`;
}

/** Runs `work` and wraps what it returns with the check name and elapsed time. */
export async function timed(
  name: string,
  work: () => Promise<Omit<CheckResult, 'name' | 'durationMs'>>,
): Promise<CheckResult> {
  const started = Date.now();
  const result = await work();
  return { name, ...result, durationMs: Date.now() - started };
}
