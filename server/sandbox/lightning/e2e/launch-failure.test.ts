import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from '../paths';

/**
 * A browser that cannot start fails its own suite with its own message, and the run goes on: the
 * app sandbox started beside it is closed first, so nothing loads into a torn-down environment (that
 * used to crash the whole Jest process before any result was printed).
 */
jest.setTimeout(120_000);

function runFixture(): Promise<{ code: number | null; output: string }> {
  return new Promise((done) => {
    const child = spawn(
      process.execPath,
      [
        join(REPO_ROOT, 'node_modules', 'jest', 'bin', 'jest.js'),
        '--config',
        join(__dirname, 'fixtures', 'launch-failure', 'jest.config.js'),
        '--runInBand',
        '--ci',
      ],
      { cwd: REPO_ROOT, env: { ...process.env, CHROMIUM_PATH: '/nonexistent/chromium' } },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('close', (code) => done({ code, output }));
  });
}

describe('a browser launch failure', () => {
  it('reports its own message, and the other suites still run', async () => {
    const { code, output } = await runFixture();
    expect(output).toContain('No Chromium at /nonexistent/chromium (CHROMIUM_PATH): fix or unset it');
    expect(output).toMatch(/FAIL .*a-browser-missing\.fixture\.ts/);
    expect(output).toMatch(/PASS .*b-after\.fixture\.ts/);
    expect(output).toMatch(/Tests: +1 failed, 1 passed, 2 total/);
    expect(output).not.toContain('is not a function');
    expect(output).not.toMatch(/environment has been torn down/);
    expect(code).toBe(1);
  });
});
