import { parseApexLsOutput, problemsFromReport, runApexSemanticCheck } from './apex-semantic-check';
import { formatProblem } from './problem';
import { brokenFixture, FORCE_APP } from './test-paths';

// apex-ls starts a JVM and loads the Apex standard library: a few seconds per run.
jest.setTimeout(120_000);

const NO_JAVA = { PATH: '/nonexistent', JAVA_HOME: '' };

describe('apex-ls report handling', () => {
  const output = `{ "files": [
{ "path": "/tmp/p/force-app/main/default/classes/A.cls", "messages": [
{"start": {"line": 3, "offset": 16 }, "end": {"line": 3, "offset": 38 }, "category": "Error", "message": "Incompatible types"},
{"start": {"line": 1, "offset": 0 }, "end": {"line": 1, "offset": 5 }, "category": "Syntax", "message": "missing ';'"},
{"start": {"line": 1, "offset": 0 }, "end": {"line": 1, "offset": 0 }, "category": "Error", "message": "meta file is missing for '/tmp/p/force-app/main/default/classes/A.cls'"}
]}]}`;

  it('maps paths back to the checked directory, makes columns 1-based and leaves syntax to the syntax check', () => {
    const problems = problemsFromReport(parseApexLsOutput(output), '/tmp/p/force-app', '/src/app');
    expect(problems.map(formatProblem)).toEqual([
      '/src/app/main/default/classes/A.cls:3:17: Apex error: Incompatible types',
      "/src/app/main/default/classes/A.cls:1:1: Apex error: meta file is missing for '/src/app/main/default/classes/A.cls'",
    ]);
  });
});

describe('runApexSemanticCheck', () => {
  // force-app itself is checked once, by the command-line test in run-checks.test.ts, which asserts
  // this check's ok line with every Apex file counted and 0 problems.
  it('fails on a String assigned to an Integer and an unknown field on the platform event', async () => {
    const result = await runApexSemanticCheck(brokenFixture('apex-semantic'));
    expect(result.problems.map(formatProblem)).toEqual([
      expect.stringMatching(
        /classes\/WrongTypes\.cls:3:17: Apex error: Incompatible types in assignment, from 'System\.String' to 'System\.Integer'$/,
      ),
      expect.stringMatching(
        /classes\/WrongTypes\.cls:4:44: Apex missing: Unknown field 'User_Idd__c' on SObject 'Schema\.IAdvize_Sync_Request__e'$/,
      ),
    ]);
  });

  it('is skipped locally when Java is missing', async () => {
    const result = await runApexSemanticCheck(FORCE_APP, { env: { ...NO_JAVA } });
    expect(result.problems).toEqual([]);
    expect(result.skipped).toMatch(/Java not found/);
  });

  it('fails in CI when Java is missing', async () => {
    const result = await runApexSemanticCheck(FORCE_APP, { env: { ...NO_JAVA, CI: 'true' } });
    expect(result.skipped).toBeUndefined();
    expect(result.problems.map((problem) => problem.message)).toEqual([
      expect.stringMatching(/Java not found.*CI must install it/),
    ]);
  });
});
