import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { formatReport, hasProblems } from './run-checks';
import { brokenFixture, FORCE_APP, forceAppApexFileCount } from './test-paths';

// The command-line runs start tsx and, for Apex, a JVM.
jest.setTimeout(120_000);

const ROOT = path.resolve(__dirname, '..', '..');
const APEX_FILES = forceAppApexFileCount();
const runCli = (...args: string[]) =>
  spawnSync(
    path.join(ROOT, 'node_modules', '.bin', 'tsx'),
    [path.join(ROOT, 'scripts', 'check-metadata.ts'), ...args],
    {
      cwd: ROOT,
      encoding: 'utf8',
    },
  );

describe('formatReport', () => {
  it('lists problems per check, then one summary line per check', () => {
    const report = formatReport([
      {
        name: 'XML',
        checked: 2,
        problems: [{ file: 'a.xml', line: 3, column: 5, message: 'bad' }],
        durationMs: 12,
      },
      { name: 'Apex semantics', checked: 0, problems: [], skipped: 'Java not found', durationMs: 1 },
      { name: 'Component set', checked: 2, problems: [], detail: '2 components', durationMs: 30 },
    ]);
    expect(report.split('\n')).toEqual([
      'XML: 1 problem',
      '  a.xml:3:5: bad',
      '',
      'FAIL  XML: 2 files, 1 problems (12 ms)',
      'skip  Apex semantics: Java not found (1 ms)',
      'ok    Component set: 2 files, 0 problems; 2 components (30 ms)',
    ]);
  });

  it('counts skipped checks as passing', () => {
    expect(hasProblems([{ name: 'x', checked: 0, problems: [], skipped: 'no Java', durationMs: 0 }])).toBe(
      false,
    );
  });
});

describe('check-metadata command', () => {
  // The one run of every check on force-app (the per-check tests use small broken fixtures).
  it('exits 0 on force-app with an ok line per check', () => {
    const run = runCli(path.relative(ROOT, FORCE_APP));
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^ok {4}XML: \d+ files, 0 problems/m);
    expect(run.stdout).toMatch(new RegExp(`^ok {4}Apex syntax: ${APEX_FILES} files, 0 problems`, 'm'));
    expect(run.stdout).toMatch(new RegExp(`^ok {4}Apex semantics: ${APEX_FILES} files, 0 problems`, 'm'));
    expect(run.stdout).toMatch(new RegExp(`^ok {4}Apex PMD: ${APEX_FILES} files, 0 problems`, 'm'));
    expect(run.stdout).toMatch(/^ok {4}References: \d+ files, 0 problems/m);
    expect(run.stdout).toMatch(/^ok {4}Component set: \d+ files, 0 problems/m);
  });

  it('exits 1 and names the file on a broken directory', () => {
    const run = runCli(brokenFixture('malformed-xml'));
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/Truncated__c\.field-meta\.xml:\d+:\d+: malformed XML/);
    expect(run.stdout).toMatch(/^FAIL  XML: 1 files, 1 problems/m);
  });

  it('exits 2 naming a missing directory', () => {
    const run = runCli('no-such-dir');
    expect(run.status).toBe(2);
    expect(run.stderr).toBe('npm run check:metadata: no directory no-such-dir\n');
  });
});
