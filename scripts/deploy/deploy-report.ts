/**
 * Reading what `sf project deploy start --json` answers, into lines a person can act on. The result
 * carries the Metadata API's own detail, where one failure is an object and several an array; an
 * older CLI (or a validation) may answer only an error name and message. Pure.
 */
type Json = Record<string, unknown>;

const list = (value: unknown): Json[] =>
  Array.isArray(value) ? (value as Json[]) : value && typeof value === 'object' ? [value as Json] : [];

const text = (value: unknown): string => (value === undefined || value === null ? '' : String(value));

export interface DeployOutcome {
  ok: boolean;
  /** Components deployed and tests run, when the answer says. */
  summary: string;
  /** One line per failed component or test. */
  problems: string[];
}

export function readDeploy(answer: Json | undefined, exitCode: number): DeployOutcome {
  const result = (answer?.result ?? {}) as Json;
  const details = (result.details ?? {}) as Json;
  const components = list(details.componentFailures).map((f) => {
    const where = text(f.fileName) || `${text(f.componentType)} ${text(f.fullName)}`.trim();
    const line = f.lineNumber
      ? `:${text(f.lineNumber)}${f.columnNumber ? `:${text(f.columnNumber)}` : ''}`
      : '';
    return `${text(f.componentType) || 'component'} ${text(f.fullName)} (${where}${line}): ${text(f.problem)}`;
  });
  const tests = list((details.runTestResult as Json | undefined)?.failures).map(
    (f) => `test ${text(f.name)}.${text(f.methodName)}: ${text(f.message)}`,
  );
  const problems = [...components, ...tests];
  const ok = exitCode === 0 && (result.success === undefined || result.success === true);
  if (!ok && problems.length === 0)
    problems.push(text(answer?.message) || `sf ended with exit code ${exitCode} and no details`);
  const deployed = result.numberComponentsDeployed ?? result.numberComponentsTotal;
  const ran = result.numberTestsCompleted;
  const summary = [
    deployed !== undefined ? `${text(deployed)} components` : '',
    ran !== undefined ? `${text(ran)} tests run` : '',
  ]
    .filter(Boolean)
    .join(', ');
  return { ok, summary, problems };
}
