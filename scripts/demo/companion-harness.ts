import { mkdtempSync, createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCompanion, type Companion } from '../../server/src/companion';
import type { Config } from '../../server/src/config';
import { createLogger } from '../../server/src/lib/logger';
import type { EventBatchHandler } from '../../server/src/salesforce/subscriber';
import type { SandboxStack } from '../../server/sandbox/stack';

export interface DemoCompanion {
  companion: Companion;
  logPath: string;
}

/** The companion, in this process, configured against the sandbox stack; its JSON logs go to a file. */
export async function startDemoCompanion(
  stack: SandboxStack,
  handler: EventBatchHandler,
): Promise<DemoCompanion> {
  const dir = mkdtempSync(join(tmpdir(), 'user-sync-demo-'));
  const logPath = join(dir, 'companion.log');
  const config: Config = {
    port: 0,
    host: '127.0.0.1',
    logLevel: 'info',
    databasePath: join(dir, 'companion.db'),
    salesforce: {
      apiVersion: stack.salesforce.apiVersion,
      auth: stack.companionAuth,
      initialReplayId: -2,
      streamingEnabled: true,
    },
  };
  const logger = createLogger({ level: config.logLevel }, createWriteStream(logPath));
  return { companion: await startCompanion(config, logger, handler), logPath };
}
