/**
 * `npm test`: everything, on a machine with nothing but Node and Java installed. Java is checked
 * first. The static checks (type check, lint, format check) run one after the other beside Jest, so
 * the cores never idle while a suite waits on a server or a child process; their output is held and
 * shown only when a check fails, so Jest's own output stays readable. It closes with the slowest
 * suites and one `N passed, M failed` line.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseCommandLine, readCommandLine } from '../server/src/lib/command-line';
import { javaProblem } from './tools/java';
import { testReport, type CheckOutcome, type JestResults } from './tools/test-report';
import { binPath, TOOL_COMMANDS } from './tools/tool-commands';

const ROOT = resolve(__dirname, '..');
const RESULTS = join(ROOT, 'test-results', 'jest.json');
const CHECKS = [
  ['type check', 'build'],
  ['lint', 'lint'],
  ['format check', 'format:check'],
] as const;

readCommandLine({
  command: 'npm test --',
  summary:
    'Runs every check and test: type check, lint and format check beside all the Jest projects (server, browser, lwc). Needs Java; nothing else but npm install.',
  options: {},
});

interface Exit {
  code: number;
  output: string;
}

/** Runs a tool (an npm package's bin) with this Node; `inherit` streams its output, else it is held. */
function run(bin: string, args: string[], inherit: boolean): Promise<Exit> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [binPath(bin), ...args], {
      cwd: ROOT,
      stdio: inherit ? 'inherit' : ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', (error) => done({ code: 1, output: String(error) }));
    child.on('close', (code, signal) => done({ code: code ?? (signal ? 1 : 0), output }));
  });
}

async function staticChecks(): Promise<CheckOutcome[]> {
  const outcomes: CheckOutcome[] = [];
  for (const [name, script] of CHECKS) {
    const tool = TOOL_COMMANDS[script]!;
    const started = Date.now();
    // The check as `npm run <script>` runs it with no options.
    const defaults = parseCommandLine(tool.spec, []);
    if (defaults.kind !== 'ok') throw new Error(`npm run ${script} needs options`);
    const exit = await run(tool.bin, tool.args(defaults.values, []), false);
    outcomes.push({ name, ok: exit.code === 0, ms: Date.now() - started });
    if (exit.code !== 0) process.stdout.write(`\n${name} (npm run ${script}) failed:\n${exit.output}\n`);
  }
  return outcomes;
}

/** better-sqlite3 is built by its install script, which npm 11 runs only for packages in allowScripts. */
function nativeModuleProblem(): string | undefined {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const Database = require('better-sqlite3') as typeof import('better-sqlite3');
    new Database(':memory:').close();
    return undefined;
  } catch (error) {
    return `better-sqlite3 does not load (${(error as Error).message.split('\n')[0]}): run npm install again, and npm rebuild better-sqlite3 if it persists`;
  }
}

function readResults(): JestResults | undefined {
  if (!existsSync(RESULTS)) return undefined;
  try {
    return JSON.parse(readFileSync(RESULTS, 'utf8')) as JestResults;
  } catch {
    return undefined;
  }
}

async function main(): Promise<number> {
  const started = Date.now();
  const java = javaProblem();
  if (java) {
    console.error(java);
    return 1;
  }
  const sqlite = nativeModuleProblem();
  if (sqlite) {
    console.error(sqlite);
    return 1;
  }
  mkdirSync(join(ROOT, 'test-results'), { recursive: true });
  rmSync(RESULTS, { force: true });
  const jestStarted = Date.now();
  const [checks, jest] = await Promise.all([
    staticChecks(),
    run('jest', ['--json', '--outputFile', RESULTS], true).then((exit) => ({
      ...exit,
      ms: Date.now() - jestStarted,
    })),
  ]);
  const results = readResults();
  const lines = testReport({ checks, results, jestMs: jest.ms, wallMs: Date.now() - started, root: ROOT });
  console.log(lines.join('\n'));
  const failed = checks.some((c) => !c.ok) || jest.code !== 0 || !results;
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
