/**
 * The repository stands on its own: no code, test, comment or document points a reader to a file
 * outside it (the notes the project started from), nor to their section numbers. Vendor
 * documentation is cited by its public URL instead, and the project's own docs live in docs/.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';

const REPO = path.resolve(__dirname, '..', '..');
const ROOTS = [
  'server',
  'scripts',
  'force-app',
  'docs',
  '.ci',
  'README.md',
  'package.json',
  'jest.config.js',
];
const SKIP = new Set(['node_modules', '.git', 'coverage', 'data', '.sf', '.sfdx', '.localdevserver']);
const TEXT = /\.(ts|js|mjs|cjs|json|md|cls|trigger|xml|html|css|yml|yaml|txt)$|^run$/;

// Built from pieces so this file does not match itself.
const SECTION = String.fromCharCode(0xa7);
const POINTERS: Array<[string, RegExp]> = [
  ['a path outside the repository', new RegExp(`\\b${'shared'}/(reference|seeds)\\b`)],
  ['the design notes', new RegExp(`\\b${'DESIGN'}\\.md\\b`)],
  ['a section sign', new RegExp(SECTION)],
  ['a seed article', new RegExp(`\\b${'seed'}s? 0\\d\\d`, 'i')],
  ['a reference section', new RegExp(`\\b${'reference'} (${SECTION}|section )?\\d`)],
];

/** Relative paths into a `shared` folder that does not exist beside the file (sandbox/shared does). */
function outsidePaths(file: string, line: string): string[] {
  const dir = path.dirname(path.join(REPO, file));
  return [...line.matchAll(/(?:\.\.\/)+shared(?:\/[\w.-]+)*/g)]
    .map((m) => m[0])
    .filter((rel) => !['', '.ts', '.md'].some((ext) => existsSync(path.resolve(dir, rel + ext))));
}

function files(at: string): string[] {
  const full = path.join(REPO, at);
  if (statSync(full).isFile()) return [at];
  return readdirSync(full)
    .filter((name) => !SKIP.has(name))
    .flatMap((name) => files(path.join(at, name)));
}

describe('the repository stands on its own', () => {
  it('points to nothing outside it', () => {
    const found: string[] = [];
    for (const file of ROOTS.flatMap(files).filter((f) => TEXT.test(path.basename(f)))) {
      readFileSync(path.join(REPO, file), 'utf8')
        .split('\n')
        .forEach((line, i) => {
          const problems = POINTERS.filter(([, pattern]) => pattern.test(line)).map(([what]) => what);
          if (outsidePaths(file, line).length > 0) problems.push('a path outside the repository');
          for (const what of problems) found.push(`${file}:${i + 1}: ${what}: ${line.trim().slice(0, 120)}`);
        });
    }
    expect(found).toEqual([]);
  });
});
