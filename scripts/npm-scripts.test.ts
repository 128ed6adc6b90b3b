import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';

/**
 * Every script in package.json explains itself: `--help` prints its usage and exits 0; an unknown
 * option prints one line naming it, then the usage, and exits 2, without a stack trace. Each runs as
 * npm runs it: its command line in a shell, node_modules/.bin first on PATH.
 */
jest.setTimeout(120_000);

const ROOT = resolve(__dirname, '..');
const scripts = Object.entries(
  (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> })
    .scripts,
);

interface Exit {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(command: string, arg: string): Promise<Exit> {
  return new Promise((done) => {
    const child = spawn('sh', ['-c', `${command} ${arg}`], {
      cwd: ROOT,
      env: { ...process.env, PATH: `${join(ROOT, 'node_modules', '.bin')}${delimiter}${process.env.PATH}` },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let [stdout, stderr] = ['', ''];
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

/** How a reader types it: `npm test` and `npm start` have their own short forms. */
const typed = (name: string) => (name === 'test' || name === 'start' ? `npm ${name}` : `npm run ${name}`);

// Two cores: a few at a time, each a Node start-up.
const results = new Map<string, Promise<[Exit, Exit]>>();
function both(name: string, command: string): Promise<[Exit, Exit]> {
  if (!results.has(name))
    results.set(name, Promise.all([run(command, '--help'), run(command, '--no-such-option')]));
  return results.get(name)!;
}

describe('the npm scripts', () => {
  it('are all here', () => {
    expect(scripts.length).toBeGreaterThanOrEqual(18);
  });

  it.each(scripts)(
    '%s: --help prints its usage and exits 0; a bad option exits 2 naming it',
    async (name, command) => {
      const [help, bad] = await both(name, command);
      expect({ code: help.code, first: help.stdout.split('\n')[0] }).toEqual({
        code: 0,
        first: expect.stringMatching(
          new RegExp(`^Usage: ${typed(name).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`),
        ),
      });
      const lines = bad.stderr.trimEnd().split('\n');
      expect({ code: bad.code, first: lines[0] }).toEqual({
        code: 2,
        first: `${typed(name)}: Unknown option '--no-such-option'`,
      });
      expect(bad.stderr).toContain(help.stdout.trim());
      expect(bad.stderr).not.toMatch(/^\s+at /m);
      expect(bad.stdout).toBe('');
    },
  );
});
