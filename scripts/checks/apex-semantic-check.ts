import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CheckResult, Problem, timed } from './problem';
import { sourceApiVersion } from './project-config';
import { displayPath, listSourceFiles } from './source-files';

/*
 * Semantic Apex checks with apex-ls (apex-dev-tools), whose jars ship inside
 * @salesforce/code-analyzer-pmd-engine (dist/java-lib). Its CheckForIssues entry point type-checks
 * an SFDX project: types, assignments, method calls, and fields of the SObjects the project defines.
 *   java -cp "<java-lib>/*" io.github.apexdevtools.apexls.CheckForIssues -n -f json -w <project>
 * -n: no cache (no files written to the home directory); -f json: output
 *   { "files": [ { "path", "messages": [ { "start": {"line", "offset"}, "end", "category", "message" } ] } ] }
 * with 1-based lines and 0-based offsets. Exit code 0 = no issues, 4 = issues reported.
 * This is not a documented command of Code Analyzer: keep the pmd-engine version pinned.
 */

const MAIN_CLASS = 'io.github.apexdevtools.apexls.CheckForIssues';
const TIMEOUT_MS = 180_000;

export interface ApexLsMessage {
  start: { line: number; offset: number };
  category: string;
  message: string;
}

export interface ApexLsReport {
  files: Array<{ path: string; messages: ApexLsMessage[] }>;
}

export interface SemanticCheckOptions {
  env?: NodeJS.ProcessEnv;
}

/** The JSON document in apex-ls output (anything printed before it is ignored). */
export function parseApexLsOutput(stdout: string): ApexLsReport {
  const start = stdout.indexOf('{');
  if (start < 0) throw new Error(`no JSON report in apex-ls output: ${stdout.slice(0, 200)}`);
  return JSON.parse(stdout.slice(start)) as ApexLsReport;
}

/** Problems from a report, with paths under `projectSourceDir` mapped back to `sourceDir`. */
/**
 * Problems from a report, with paths under `projectSourceDir` (in file names and in messages) mapped
 * back to `sourceDir`. Syntax messages are left to the syntax check, which reports the same ones.
 */
export function problemsFromReport(
  report: ApexLsReport,
  projectSourceDir: string,
  sourceDir: string,
): Problem[] {
  const toOriginal = (file: string): string => {
    const relative = path.relative(projectSourceDir, file);
    return relative.startsWith('..') ? file : displayPath(path.join(sourceDir, relative));
  };
  return report.files.flatMap((file) =>
    file.messages
      .filter((message) => message.category !== 'Syntax')
      .map((message) => ({
        file: toOriginal(file.path),
        line: message.start.line,
        column: message.start.offset + 1,
        message: `Apex ${message.category.toLowerCase()}: ${message.message.split(projectSourceDir).join(displayPath(sourceDir))}`,
      })),
  );
}

/** A working `java` command (JAVA_HOME first, then PATH), or undefined. */
export function findJava(env: NodeJS.ProcessEnv): string | undefined {
  const candidates = [env.JAVA_HOME ? path.join(env.JAVA_HOME, 'bin', 'java') : undefined, 'java'];
  for (const candidate of candidates) {
    if (!candidate) continue;
    const probe = spawnSync(candidate, ['-version'], { env, stdio: 'ignore' });
    if (!probe.error && probe.status === 0) return candidate;
  }
  return undefined;
}

export function apexLsClasspath(): string {
  const engineMain = require.resolve('@salesforce/code-analyzer-pmd-engine');
  return path.join(path.dirname(engineMain), 'java-lib', '*');
}

/**
 * Copies the files of `sourceDir` into a throw-away SFDX project (apex-ls only reads SFDX projects)
 * and runs apex-ls on it. Java missing: an error when CI=true (CI installs Java), else skipped.
 */
export function runApexSemanticCheck(dir: string, options: SemanticCheckOptions = {}): Promise<CheckResult> {
  const env = options.env ?? process.env;
  const sourceDir = path.resolve(dir);
  return timed('Apex semantics', async () => {
    const files = listSourceFiles(sourceDir);
    const apexCount = files.filter((file) => /\.(cls|trigger)$/.test(file)).length;
    if (apexCount === 0) return { checked: 0, problems: [] };
    const java = findJava(env);
    if (!java) {
      const why = 'Java not found (JAVA_HOME or PATH); apex-ls needs Java 11 or later';
      if (env.CI === 'true') {
        return {
          checked: apexCount,
          problems: [{ file: displayPath(sourceDir), message: `${why}: CI must install it` }],
        };
      }
      return { checked: 0, problems: [], skipped: `${why}: install it to run this check` };
    }
    const project = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'apex-ls-')));
    try {
      const projectSourceDir = path.join(project, 'force-app');
      writeProject(project, sourceDir, files, sourceApiVersion(sourceDir));
      const { code, stdout, stderr } = await runJava(
        java,
        ['-cp', apexLsClasspath(), MAIN_CLASS, '-n', '-f', 'json', '-w', project],
        env,
      );
      if (code !== 0 && code !== 4) {
        const detail = (stderr || stdout).trim().split('\n').slice(0, 5).join(' | ');
        return {
          checked: apexCount,
          problems: [{ file: displayPath(sourceDir), message: `apex-ls failed (exit ${code}): ${detail}` }],
        };
      }
      const report = parseApexLsOutput(stdout);
      const problems = problemsFromReport(report, projectSourceDir, sourceDir);
      const unparsable = report.files.filter((file) =>
        file.messages.some((m) => m.category === 'Syntax'),
      ).length;
      if (code === 4 && report.files.every((file) => file.messages.length === 0)) {
        problems.push({
          file: displayPath(sourceDir),
          message: 'apex-ls exited with 4 (issues) but reported none',
        });
      }
      const detail = unparsable > 0 ? `${unparsable} files with syntax errors not analysed` : undefined;
      return { checked: apexCount, problems, detail };
    } finally {
      fs.rmSync(project, { recursive: true, force: true });
    }
  });
}

function writeProject(project: string, sourceDir: string, files: string[], apiVersion: string): void {
  const config = { packageDirectories: [{ path: 'force-app', default: true }], sourceApiVersion: apiVersion };
  fs.writeFileSync(path.join(project, 'sfdx-project.json'), JSON.stringify(config, null, 2));
  for (const file of files) {
    const target = path.join(project, 'force-app', path.relative(sourceDir, file));
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.copyFileSync(file, target);
  }
}

function runJava(
  java: string,
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(java, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), TIMEOUT_MS);
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
