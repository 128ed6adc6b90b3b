/**
 * The Salesforce CLI as the deploy scripts use it: found on PATH, run with `--json` where the command
 * has a result to read, with auto-update and telemetry off. Nothing here knows what a command means.
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

export const PROJECT_ROOT = resolve(__dirname, '..', '..');
const SF = process.platform === 'win32' ? 'sf.cmd' : 'sf';

export const SF_MISSING =
  'The Salesforce CLI (sf) is not on PATH: install it with `npm install --global @salesforce/cli`, then log in to the org (`sf org login web --alias <alias>`).';

export interface SfResult {
  exitCode: number;
  /** The parsed `--json` answer, when there was one. */
  json?: Record<string, unknown>;
  stderr: string;
}

export type SfRunner = (args: string[]) => SfResult;

const env = () => ({ ...process.env, SF_DISABLE_AUTOUPDATE: 'true', SF_DISABLE_TELEMETRY: 'true' });

/** Whether `sf --version` answers. */
export function sfAvailable(): boolean {
  const probe = spawnSync(SF, ['--version'], { env: env(), stdio: 'ignore' });
  return !probe.error && probe.status === 0;
}

/** Runs `sf <args>` in the project; with `--json` among the args, its answer is parsed. */
export const runSf: SfRunner = (args) => {
  const run = spawnSync(SF, args, {
    cwd: PROJECT_ROOT,
    env: env(),
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (run.error) throw new Error(`could not run sf: ${run.error.message}`);
  let json: Record<string, unknown> | undefined;
  if (args.includes('--json')) {
    try {
      json = JSON.parse(run.stdout) as Record<string, unknown>;
    } catch {
      json = undefined;
    }
  }
  return { exitCode: run.status ?? 1, json, stderr: run.stderr };
};

/** A command line as a person would type it (for the log of what was done). */
export const shown = (args: string[]): string =>
  `sf ${args.map((arg) => (/\s/.test(arg) ? JSON.stringify(arg) : arg)).join(' ')}`;
