import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Workspace, type Violation } from '@salesforce/code-analyzer-engine-api';
import { PmdEngine } from '@salesforce/code-analyzer-pmd-engine';
import { DEFAULT_PMD_ENGINE_CONFIG } from '@salesforce/code-analyzer-pmd-engine/dist/config';
import { RULE_MAPPINGS } from '@salesforce/code-analyzer-pmd-engine/dist/pmd-rule-mappings';
import { findJava } from './apex-semantic-check';
import { CheckResult, Problem, timed } from './problem';
import { displayPath, listSourceFiles } from './source-files';

/*
 * PMD on the Apex, through the engine Salesforce Code Analyzer uses (@salesforce/code-analyzer-pmd-engine,
 * PMD 7 jars bundled, needs Java 11+). The rules are Code Analyzer's "Recommended" Apex set, which holds
 * the security rules (ApexCRUDViolation, ApexSharingViolations, ApexSOQLInjection, ApexXSS*, ApexOpenRedirect,
 * ApexBadCrypto, ApexInsecureEndpoint...) as well as design, documentation (ApexDoc), error-prone and test
 * rules. The engine is used without @salesforce/code-analyzer-core: the CLI plugin that wraps it cannot be
 * installed offline. A rule may be silenced with @SuppressWarnings('PMD.Rule') only with a reason written
 * right above the annotation (a // comment or the ApexDoc of the member): unexplainedSuppressions checks it.
 */

/** Code Analyzer's Recommended rules for Apex, by PMD rule name. */
export const PMD_RULES: string[] = Object.entries(RULE_MAPPINGS as Record<string, { tags: string[] }>)
  .filter(([, rule]) => rule.tags.includes('Recommended') && rule.tags.includes('Apex'))
  .map(([name]) => name)
  .sort();

/** The security rules among them, which the project must never silence without a reason. */
export const SECURITY_RULES = PMD_RULES.filter((name) =>
  (RULE_MAPPINGS as Record<string, { tags: string[] }>)[name].tags.includes('Security'),
);

export interface PmdCheckOptions {
  env?: NodeJS.ProcessEnv;
}

/**
 * Every @SuppressWarnings('PMD…') with no reason right above it: a // comment line, or the end of an
 * ApexDoc block (other annotations may stand between).
 */
export function unexplainedSuppressions(file: string, source: string): Problem[] {
  const lines = source.split(/\r?\n/);
  const problems: Problem[] = [];
  lines.forEach((line, index) => {
    const match = /@SuppressWarnings\(\s*'([^']*PMD[^']*)'\s*\)/i.exec(line);
    if (!match) return;
    let above = index - 1;
    while (above >= 0 && /^\s*@\w+/.test(lines[above])) above--;
    const reason = above >= 0 ? lines[above].trim() : '';
    if (!reason.startsWith('//') && !reason.endsWith('*/')) {
      problems.push({
        file,
        line: index + 1,
        column: line.indexOf('@') + 1,
        message: `PMD suppression of ${match[1]} without a reason: say why in a comment right above it`,
      });
    }
  });
  return problems;
}

function problemOf(violation: Violation): Problem {
  const location = violation.codeLocations[violation.primaryLocationIndex] ?? violation.codeLocations[0];
  return {
    file: displayPath(location.file),
    line: location.startLine,
    column: location.startColumn,
    message: `PMD ${violation.ruleName}: ${violation.message.trim()}`,
  };
}

/** Runs the rules on every .cls and .trigger under `dir`; skipped locally without Java, a problem in CI. */
export function runApexPmdCheck(dir: string, options: PmdCheckOptions = {}): Promise<CheckResult> {
  const env = options.env ?? process.env;
  return timed('Apex PMD', async () => {
    const files = listSourceFiles(dir).filter((file) => /\.(cls|trigger)$/.test(file));
    if (files.length === 0) return { checked: 0, problems: [] };
    const java = findJava(env);
    if (!java) {
      const why = 'Java not found (JAVA_HOME or PATH); PMD needs Java 11 or later';
      if (env.CI === 'true') {
        return {
          checked: files.length,
          problems: [{ file: displayPath(dir), message: `${why}: CI must install it` }],
        };
      }
      return { checked: 0, problems: [], skipped: `${why}: install it to run this check` };
    }
    const suppressions = files.flatMap((file) =>
      unexplainedSuppressions(displayPath(file), fs.readFileSync(file, 'utf8')),
    );
    const engine = new PmdEngine({
      ...DEFAULT_PMD_ENGINE_CONFIG,
      java_command: java,
      rule_languages: DEFAULT_PMD_ENGINE_CONFIG.rule_languages.filter((language) => language === 'apex'),
    });
    const workingFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'pmd-'));
    try {
      const workspace = new Workspace('apex-pmd', [path.resolve(dir)], files);
      const results = await engine.runRules(PMD_RULES, {
        workspace,
        workingFolder,
        logFolder: workingFolder,
      });
      const problems = results.violations.map(problemOf).concat(suppressions);
      return {
        checked: files.length,
        problems,
        detail: `${PMD_RULES.length} rules (Code Analyzer Recommended, ${SECURITY_RULES.length} security)`,
      };
    } finally {
      fs.rmSync(workingFolder, { recursive: true, force: true });
    }
  });
}
