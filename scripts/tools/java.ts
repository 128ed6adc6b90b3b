/**
 * Java is the one thing `npm install` cannot bring: PMD, apex-ls and the Apex formatter run on it,
 * as Salesforce Code Analyzer's do. Checked once, before anything else, with one line naming what
 * to install.
 */
import { spawnSync } from 'node:child_process';

export const JAVA_MINIMUM = 11;

const INSTALL =
  'install a Java runtime (Debian: apt-get install default-jre-headless; elsewhere any JDK or JRE) and put java on PATH';

/** The major version in `java -version`'s banner (`"17.0.15"`, `"1.8.0_392"` is 8). */
export function javaMajor(banner: string): number | undefined {
  const match = /version "(\d+)(?:\.(\d+))?/.exec(banner);
  if (!match) return undefined;
  const first = Number(match[1]);
  return first === 1 && match[2] !== undefined ? Number(match[2]) : first;
}

/** undefined when a usable Java is on PATH, else the one line to print. */
export function javaProblem(
  run = () => spawnSync('java', ['-version'], { encoding: 'utf8' }),
): string | undefined {
  const result = run();
  if (result.error || result.status !== 0)
    return `npm test needs Java ${JAVA_MINIMUM} or newer (for PMD, apex-ls and the Apex formatter), and java was not found: ${INSTALL}`;
  const major = javaMajor(`${result.stderr ?? ''}${result.stdout ?? ''}`);
  if (major === undefined || major < JAVA_MINIMUM)
    return `npm test needs Java ${JAVA_MINIMUM} or newer (for PMD, apex-ls and the Apex formatter), and java is ${major ?? 'of an unknown version'}: ${INSTALL}`;
  return undefined;
}
