import { startCompanion } from './companion';
import { loadConfig } from './config';
import { readCommandLine } from './lib/command-line';
import { CompanionError, messageOf } from './lib/errors';
import { createLogger } from './lib/logger';

/** The companion's entry point: the only place that reads the environment. */
async function main(): Promise<void> {
  readCommandLine({
    command: 'npm start --',
    summary:
      'Starts the companion. It is configured by its environment only (README, "Configuring the companion for a real org"); a bad or missing value stops it with one line per problem.',
    options: {},
  });
  const config = loadConfig(process.env);
  if (!config.ok) {
    process.stderr.write(`Invalid configuration:\n${config.error.map((line) => `  - ${line}`).join('\n')}\n`);
    process.exit(1);
  }
  const logger = createLogger({ level: config.value.logLevel });
  const companion = await startCompanion(config.value, logger);

  let stopping = false;
  // The stop is bounded (7 s); this is the last resort, under the 10 s a container runtime allows.
  const exitAnyway = () => setTimeout(() => process.exit(1), 9_000).unref();
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    exitAnyway();
    logger.info({ signal }, 'shutting down');
    companion.stop().then(
      () => process.exit(0),
      (error) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  // A lost channel lock: another instance may consume the channel now. Stop and exit non-zero, so
  // that a supervisor restarts this one, which then stands by.
  void companion.failed.then((error) => {
    logger.fatal({ err: error, code: error.code }, 'stopping: a channel lock was lost');
    if (!stopping) exitAnyway();
    stopping = true;
    companion.stop().finally(() => process.exit(1));
  });
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((error) => {
  const code = error instanceof CompanionError ? ` (${error.code})` : '';
  process.stderr.write(`Companion failed to start${code}: ${messageOf(error)}\n`);
  process.exit(1);
});
