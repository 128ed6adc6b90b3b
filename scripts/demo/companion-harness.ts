import { createWriteStream, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SandboxStack } from '../../server/sandbox/stack';
import { startCompanion, type Companion } from '../../server/src/companion';
import { createLogger } from '../../server/src/lib/logger';

export interface DemoCompanion {
  companion: Companion;
  logPath: string;
}

/** The companion, in this process, configured against the sandbox stack; its JSON logs go to a file. */
export async function startDemoCompanion(stack: SandboxStack): Promise<DemoCompanion> {
  const dir = mkdtempSync(join(tmpdir(), 'user-sync-demo-'));
  const logPath = join(dir, 'companion.log');
  const config = stack.companionConfig(join(dir, 'companion.db'));
  const logger = createLogger({ level: config.logLevel }, createWriteStream(logPath));
  return { companion: await startCompanion(config, logger), logPath };
}
