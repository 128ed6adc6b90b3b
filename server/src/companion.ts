import type { Server } from 'node:http';
import type { Config } from './config';
import { buildApp } from './http/app';
import type { Logger } from './lib/logger';
import { SalesforceSession } from './salesforce/session';
import { DurableSubscriber, type EventBatchHandler } from './salesforce/subscriber';
import { createTokenSource } from './salesforce/token-source';
import { SqliteStore } from './store/sqlite-store';

export const SYNC_REQUEST_CHANNEL = '/event/IAdvize_Sync_Request__e';
// Platform events are retained 72 h; a ledger entry older than that can never be replayed.
const LEDGER_RETENTION_MS = 73 * 60 * 60 * 1000;

export interface Companion {
  readonly server: Server;
  readonly subscriber?: DurableSubscriber;
  stop(): Promise<void>;
}

/**
 * Wires the store, the Salesforce session, the subscriber and the HTTP server. Used by main.ts and
 * by tests that run the whole companion in-process.
 */
export async function startCompanion(
  config: Config,
  logger: Logger,
  handler: EventBatchHandler,
): Promise<Companion> {
  const store = SqliteStore.open(config.databasePath);
  await store.pruneLedger(new Date(Date.now() - LEDGER_RETENTION_MS));

  let subscriber: DurableSubscriber | undefined;
  const app = buildApp({
    logger,
    readiness: [
      { name: 'streaming', ready: () => !config.salesforce.streamingEnabled || (subscriber?.ready ?? false) },
    ],
  });
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(config.port, config.host, () => resolve(s));
  });
  logger.info({ port: config.port, host: config.host }, 'companion listening');

  if (config.salesforce.streamingEnabled) {
    const session = await SalesforceSession.open(
      createTokenSource(config.salesforce.auth),
      config.salesforce.apiVersion,
    );
    subscriber = new DurableSubscriber({
      channel: SYNC_REQUEST_CHANNEL,
      session,
      store,
      handler,
      logger,
      initialReplayId: config.salesforce.initialReplayId,
    });
    await subscriber.start();
  }

  return {
    server,
    subscriber,
    async stop() {
      await subscriber?.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await store.close();
      logger.info('companion stopped');
    },
  };
}
