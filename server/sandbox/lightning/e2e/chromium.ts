/**
 * Which Chromium drives the browser tests: the one CHROMIUM_PATH names, else Debian's
 * /usr/bin/chromium, else the build that the pinned npm package @sparticuz/chromium ships inside
 * itself (unpacked once to the temp folder). Nothing is ever downloaded, so `npm install` alone is
 * enough on a bare machine.
 */
import { execFileSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { REPO_ROOT } from '../paths';

export const SYSTEM_CHROMIUM = '/usr/bin/chromium';

export interface ChromiumBinary {
  path: string;
  /** Where it came from, for the test log. */
  from: 'CHROMIUM_PATH' | 'Debian' | '@sparticuz/chromium';
}

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The package is an ES module that unpacks a brotli archive: it runs in a child process so that any
 * CommonJS caller (Jest's runtime included) can use it. It unpacks only when the binary is missing.
 */
function unpackNpmChromium(): string {
  const script =
    "import('@sparticuz/chromium').then(async ({ default: c }) => console.log(await c.executablePath()))";
  const out = execFileSync(process.execPath, ['-e', script], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return out.trim().split('\n').pop() as string;
}

/** Finds (and if need be unpacks) a Chromium, or says in one line what is missing. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): ChromiumBinary {
  const given = env.CHROMIUM_PATH;
  if (given) {
    // An explicit choice is never replaced by another browser behind the reader's back.
    if (!executable(given)) throw new Error(`No Chromium at ${given} (CHROMIUM_PATH): fix or unset it`);
    return { path: given, from: 'CHROMIUM_PATH' };
  }
  if (executable(SYSTEM_CHROMIUM)) return { path: SYSTEM_CHROMIUM, from: 'Debian' };
  let path: string;
  try {
    path = unpackNpmChromium();
  } catch (error) {
    const detail = (error as { stderr?: string }).stderr?.trim().split('\n').pop() ?? String(error);
    throw new Error(
      `No Chromium at ${SYSTEM_CHROMIUM} and @sparticuz/chromium could not be unpacked (${detail}): run npm install, or set CHROMIUM_PATH`,
    );
  }
  if (!executable(path))
    throw new Error(`@sparticuz/chromium unpacked to ${path}, which is not executable: set CHROMIUM_PATH`);
  return { path, from: '@sparticuz/chromium' };
}
