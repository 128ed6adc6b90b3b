import type { Server } from 'node:http';
import type { Config, IAdvizeConfig } from './config';
import { buildApp } from './http/app';
import { IAdvizeClient } from './iadvize/client';
import { createProvisioner } from './iadvize-sync/provisioner';
import { SalesforceUsers } from './iadvize-sync/salesforce-users';
import type { Logger } from './lib/logger';
import { SalesforceSession } from './salesforce/session';
import { DurableSubscriber } from './salesforce/subscriber';
import { createTokenSource } from './salesforce/token-source';
import { SqliteStore } from './store/sqlite-store';
import type { Store } from './store/store';

export const SYNC_REQUEST_CHANNEL = '/event/IAdvize_Sync_Request__e';
// Platform events are retained 72 h; a ledger entry older than that can never be replayed.
const LEDGER_RETENTION_MS = 73 * 60 * 60 * 1000;

export interface Companion {
  readonly server: Server;
  readonly subscriber?: DurableSubscriber;
  stop(): Promise<void>;
}

function iadvizeClient(config: IAdvizeConfig, logger: Logger): IAdvizeClient {
  return new IAdvizeClient({
    credentials: { username: config.username, password: config.password },
    graphqlBaseUrl: config.graphqlUrl,
    sdPlatform: config.sdPlatform,
    restKey: config.restKey,
    restBaseUrl: config.restUrl,
    defaults: { interfaceLanguage: config.interfaceLanguage },
    logger,
  });
}

/** Sync requests have one consumer, iAdvize provisioning: the subscriber exists only with it. */
async function startSyncRequests(
  config: Config,
  iadvize: IAdvizeConfig,
  store: Store,
  logger: Logger,
): Promise<DurableSubscriber> {
  const session = await SalesforceSession.open(
    createTokenSource(config.salesforce.auth),
    config.salesforce.apiVersion,
  );
  const subscriber = new DurableSubscriber({
    channel: SYNC_REQUEST_CHANNEL,
    session,
    store,
    handler: createProvisioner({
      users: new SalesforceUsers(session.connection, logger),
      iadvize: iadvizeClient(iadvize, logger),
      journal: store,
      logger,
      linkExisting: iadvize.linkExisting,
      concurrency: iadvize.concurrency,
    }),
    logger,
    initialReplayId: config.salesforce.initialReplayId,
  });
  await subscriber.start();
  return subscriber;
}

/**
 * Wires the store, the Salesforce session, iAdvize provisioning, the subscriber and the HTTP server.
 * Used by main.ts, the demo, and tests that run the whole companion in-process.
 */
export async function startCompanion(config: Config, logger: Logger): Promise<Companion> {
  const store = SqliteStore.open(config.databasePath);
  await store.pruneLedger(new Date(Date.now() - LEDGER_RETENTION_MS));

  let subscriber: DurableSubscriber | undefined;
  const app = buildApp({
    logger,
    readiness: [{ name: 'streaming', ready: () => subscriber === undefined || subscriber.ready }],
  });
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(config.port, config.host, () => resolve(s));
  });
  logger.info({ port: config.port, host: config.host }, 'companion listening');

  if (!config.iadvize)
    logger.warn('iAdvize is not configured (IADVIZE_USERNAME): sync requests are not consumed');
  else if (config.salesforce.streamingEnabled)
    subscriber = await startSyncRequests(config, config.iadvize, store, logger);

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
