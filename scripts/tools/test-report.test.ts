import { testReport, type JestResults } from './test-report';

const suite = (name: string, ms: number) => ({
  name: `/repo/${name}`,
  startTime: 1000,
  endTime: 1000 + ms,
});

const results = (over: Partial<JestResults> = {}): JestResults => ({
  numPassedTests: 40,
  numFailedTests: 0,
  numPendingTests: 0,
  numTotalTestSuites: 3,
  numRuntimeErrorTestSuites: 0,
  testResults: [suite('a.test.ts', 1200), suite('slow.e2e.ts', 31_900), suite('b.test.ts', 5000)],
  ...over,
});

const checks = [
  { name: 'type check', ok: true, ms: 19_000 },
  { name: 'lint', ok: true, ms: 20_000 },
  { name: 'format check', ok: true, ms: 24_000 },
];

describe('the closing lines of npm test', () => {
  it('lists the slowest suites first and ends with the plain count of tests and checks', () => {
    const lines = testReport({ checks, results: results(), jestMs: 200_000, wallMs: 210_000, root: '/repo' });
    const slowest = lines.indexOf('Slowest test suites (of 3):');
    expect(lines.slice(slowest + 1, slowest + 4)).toEqual([
      '  31.9 s  slow.e2e.ts',
      '   5.0 s  b.test.ts',
      '   1.2 s  a.test.ts',
    ]);
    expect(lines.at(-1)).toBe('43 passed, 0 failed');
  });

  it('counts a failed check, a failed test and a suite that could not run as failures', () => {
    const lines = testReport({
      checks: [{ ...checks[0]!, ok: false }, checks[1]!, checks[2]!],
      results: results({ numPassedTests: 39, numFailedTests: 1, numRuntimeErrorTestSuites: 1 }),
      jestMs: 1000,
      wallMs: 2000,
      root: '/repo',
    });
    expect(lines).toContain('  FAILED  type check (19.0 s)');
    expect(lines.at(-1)).toBe('41 passed, 3 failed');
  });

  it('never reads as green when Jest wrote no results', () => {
    const lines = testReport({ checks, results: undefined, jestMs: 82_000, wallMs: 90_000, root: '/repo' });
    expect(lines.at(-1)).toBe('3 passed, 1 failed');
    expect(lines).toContain('Jest wrote no results after 82.0 s: it crashed (see above).');
  });
});
