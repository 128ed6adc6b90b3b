import { checkApexSyntax, runApexSyntaxCheck } from './apex-syntax-check';
import { formatProblem } from './problem';
import { brokenFixture } from './test-paths';

describe('checkApexSyntax', () => {
  it('accepts a valid class and a valid trigger', () => {
    expect(checkApexSyntax('A.cls', 'public with sharing class A { void run() { Integer i = 1; } }')).toEqual(
      [],
    );
    expect(
      checkApexSyntax('T.trigger', 'trigger T on User(after update) { System.debug(Trigger.new); }'),
    ).toEqual([]);
  });

  it('parses triggers with the trigger grammar', () => {
    expect(checkApexSyntax('T.trigger', 'public class A {}').map(formatProblem)).toEqual([
      "T.trigger:1:1: Apex syntax: mismatched input 'public' expecting 'trigger'",
    ]);
  });

  it('reports lexer errors too, with 1-based columns', () => {
    const problems = checkApexSyntax('A.cls', "public class A {\n  String s = 'a\\qb';\n}");
    expect(problems[0]).toMatchObject({ file: 'A.cls', line: 2, column: 14 });
    expect(problems[0].message).toMatch(/token recognition error/);
  });
});

describe('runApexSyntaxCheck', () => {
  // force-app itself is checked once, by the command-line test in run-checks.test.ts, which asserts
  // this check's ok line with every Apex file counted and 0 problems.
  it('fails on a missing semicolon, at file:line:col', async () => {
    const result = await runApexSyntaxCheck(brokenFixture('apex-syntax'));
    expect(result.problems.map(formatProblem)).toEqual([
      expect.stringMatching(/classes\/MissingSemicolon\.cls:4:9: Apex syntax: missing ';' at 'return'$/),
    ]);
  });
});
