import { PMD_RULES, runApexPmdCheck, SECURITY_RULES, unexplainedSuppressions } from './apex-pmd-check';
import { formatProblem } from './problem';
import { brokenFixture, FORCE_APP } from './test-paths';

// PMD starts a JVM and loads its rules: several seconds per run.
jest.setTimeout(120_000);

describe('PMD rule selection', () => {
  it("is Code Analyzer's Recommended Apex set, with the security rules the project relies on", () => {
    expect(PMD_RULES.length).toBeGreaterThan(50);
    expect(SECURITY_RULES).toEqual(
      expect.arrayContaining(['ApexCRUDViolation', 'ApexSharingViolations', 'ApexSOQLInjection']),
    );
    expect(PMD_RULES).toEqual(
      expect.arrayContaining(['ApexDoc', 'AvoidLogicInTrigger', 'CyclomaticComplexity']),
    );
  });
});

describe('unexplainedSuppressions', () => {
  it('accepts a suppression under a comment or an ApexDoc block, other annotations between', () => {
    const source = [
      '// A pure method: no user to run as.',
      "@SuppressWarnings('PMD.ApexUnitTestClassShouldHaveRunAs')",
      '@IsTest',
      'static void a() {}',
      '/** @description One field per value shown. */',
      "@SuppressWarnings('PMD.TooManyFields')",
      'public class B {}',
    ].join('\n');
    expect(unexplainedSuppressions('A.cls', source)).toEqual([]);
  });

  it('refuses a suppression with nothing said above it', () => {
    const source = ['}', '', "    @SuppressWarnings('PMD.ApexCRUDViolation')", '    static void a() {}'].join(
      '\n',
    );
    expect(unexplainedSuppressions('A.cls', source).map(formatProblem)).toEqual([
      'A.cls:3:5: PMD suppression of PMD.ApexCRUDViolation without a reason: say why in a comment right above it',
    ]);
  });
});

describe('runApexPmdCheck', () => {
  // force-app itself is checked once, by the command-line test in run-checks.test.ts, which asserts
  // this check's ok line with every Apex file counted and 0 problems.
  it('fails on a class without sharing, with a query built from input, DML unchecked and a bare suppression', async () => {
    const result = await runApexPmdCheck(brokenFixture('apex-pmd'));
    expect(result.problems.map(formatProblem)).toEqual([
      expect.stringMatching(/UnsafeSearch\.cls:5:1: PMD ApexSharingViolations: /),
      expect.stringMatching(/UnsafeSearch\.cls:12:\d+: PMD ApexSOQLInjection: /),
      expect.stringMatching(/UnsafeSearch\.cls:17:9: PMD ApexCRUDViolation: /),
      expect.stringMatching(/UnsafeSearch\.cls:15:5: PMD suppression of PMD\.ApexDoc without a reason/),
    ]);
  });

  it('is skipped locally without Java and fails in CI', async () => {
    const noJava = { PATH: '/nonexistent', JAVA_HOME: '' };
    expect((await runApexPmdCheck(FORCE_APP, { env: noJava })).skipped).toMatch(/Java not found/);
    const ci = await runApexPmdCheck(FORCE_APP, { env: { ...noJava, CI: 'true' } });
    expect(ci.problems.map((problem) => problem.message)).toEqual([
      expect.stringMatching(/CI must install it/),
    ]);
  });
});
