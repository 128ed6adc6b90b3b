import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

const REPO = resolve(__dirname, '..', '..');

/** The companion as a real child process (main.ts through tsx), with its JSON log lines collected. */
export interface CompanionProcess {
  child: ChildProcess;
  logs: Array<Record<string, unknown>>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stderr: () => string;
}

export function spawnCompanion(env: Record<string, string>): CompanionProcess {
  // One process, not the tsx wrapper (which runs a second node): a SIGKILL must hit the companion.
  const child = spawn(
    process.execPath,
    ['--require', 'tsx/cjs', '--max-old-space-size=512', resolve(REPO, 'server', 'src', 'main.ts')],
    {
      cwd: REPO,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const logs: Array<Record<string, unknown>> = [];
  let buffer = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    const lines = buffer.split('\n');
    buffer = lines.pop() ?? '';
    for (const line of lines) if (line.trim()) logs.push(JSON.parse(line));
  });
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
    child.once('exit', (code, signal) => done({ code, signal })),
  );
  return { child, logs, exited, stderr: () => stderr };
}
