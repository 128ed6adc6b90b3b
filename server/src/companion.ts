import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Config, IAdvizeConfig } from './config';
import { buildApp } from './http/app';
import { IAdvizeClient } from './iadvize/client';
import { createProvisioner } from './iadvize-sync/provisioner';
import { SalesforceUsers } from './iadvize-sync/salesforce-users';
import type { Logger } from './lib/logger';
import { CompanionMetrics } from './metrics/companion-metrics';
import { SalesforceSession } from './salesforce/session';
import { DurableSubscriber } from './salesforce/subscriber';
import { createTokenSource } from './salesforce/token-source';
import { SalesforceDirectory } from './directory/salesforce-directory';
import { SalesforceConnectionRecord } from './connect/settings-record';
import { SourceConnections } from './connect/source-connections';
import { parseCommand } from './jobs/command';
import { DirectoryScheduler } from './jobs/scheduler';
import { startPushes } from './push/start';
import type { PushScheduler } from './jobs/push-scheduler';
import { describeStore, openStore } from './store/open-store';
import { Leadership } from './jobs/leadership';
import { channelReady, channelRoles, type LedChannel } from './http/channel-status';
import { CompanionError } from './lib/errors';
import { within } from './lib/within';
import type { Store } from './store/store';

export const SYNC_REQUEST_CHANNEL = '/event/IAdvize_Sync_Request__e';
export const COMMAND_CHANNEL = '/event/User_Sync_Command__e';
// Platform events are retained 72 h; a ledger entry older than that can never be replayed.
const LEDGER_RETENTION_MS = 73 * 60 * 60 * 1000;
/** Under the 10 s a container runtime gives between SIGTERM and SIGKILL, with room to spare. */
const STOP_BUDGET_MS = 7_000;

export interface Companion {
  readonly server: Server;
  /** What /metrics serves. */
  readonly metrics: CompanionMetrics;
  readonly subscriber?: DurableSubscriber;
  readonly scheduler?: DirectoryScheduler;
  readonly pushes?: PushScheduler;
  /** One per consumed channel: whether this instance consumes it or stands by. */
  readonly leaderships: readonly Leadership[];
  /** Settles if this instance must end: a channel lock it held was lost (main.ts then exits 1). */
  readonly failed: Promise<CompanionError>;
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
function buildSyncRequests(
  config: Config,
  iadvize: IAdvizeConfig,
  session: SalesforceSession,
  store: Store,
  logger: Logger,
  metrics: CompanionMetrics,
): { subscriber: DurableSubscriber; client: IAdvizeClient } {
  const client = iadvizeClient(iadvize, logger);
  metrics.requests.watch('iadvize', client.counters);
  // Refused credentials show in /readyz at once, not at the first ticked user (not awaited: an
  // iAdvize outage at start must not stop the companion from starting).
  client.checkLogin().catch(() => undefined);
  const subscriber = new DurableSubscriber({
    channel: SYNC_REQUEST_CHANNEL,
    session,
    store,
    handler: createProvisioner({
      users: new SalesforceUsers(session.connection, logger),
      iadvize: client,
      journal: store,
      logger,
      linkExisting: iadvize.linkExisting,
      concurrency: iadvize.concurrency,
      metrics: metrics.provisioning,
    }),
    logger,
    initialReplayId: config.salesforce.initialReplayId,
  });
  return { subscriber, client };
}

/**
 * Commands from the User Sync app: run now, settings changed, confirm held deactivations (the
 * scheduler), and connect (a signed link written back to the settings record).
 */
function buildCommands(
  session: SalesforceSession,
  store: Store,
  scheduler: DirectoryScheduler,
  connections: SourceConnections,
  logger: Logger,
  pushes: PushScheduler,
) {
  const subscriber = new DurableSubscriber({
    channel: COMMAND_CHANNEL,
    session,
    store,
    handler: async (events) => {
      for (const event of events) {
        const command = parseCommand(event.payload);
        if (!command.ok)
          logger.error({ eventUuid: event.eventUuid, reason: command.error }, 'malformed command ignored');
        else if ('pushId' in command.value) pushes.handleCommand(command.value);
        else if (command.value.kind !== 'CONNECT') scheduler.handleCommand(command.value);
        else {
          // Awaited, so the link is written before the event counts as handled; a failure is the
          // admin's to retry (click Connect again), not a reason to hold the command channel.
          const { source } = command.value;
          await connections
            .handleConnect(source)
            .catch((error) => logger.error({ provider: source, err: error }, 'connect link not written'));
        }
      }
    },
    logger,
    // The scheduler reads every settings record at start: old commands need no replay on a first start.
    initialReplayId: -1,
  });
  return subscriber;
}

/**
 * Wires the store, the Salesforce session, iAdvize provisioning, the directory scheduler, the
 * subscribers and the HTTP server. Used by main.ts, the demo, and tests that run the whole
 * companion in-process. Each channel is consumed by the instance that leads it (jobs/leadership.ts):
 * alone, that is this one; beside others sharing a PostgreSQL store, the others stand by. The
 * directory scheduler and the pushes follow the command channel's leader.
 */
export async function startCompanion(config: Config, logger: Logger): Promise<Companion> {
  const metrics = new CompanionMetrics({ processMetrics: config.metrics?.processMetrics ?? false });
  const store = await openStore(config);
  logger.info(describeStore(config), 'store opened');
  await store.pruneLedger(new Date(Date.now() - LEDGER_RETENTION_MS));

  const channels: LedChannel[] = [];
  let iadvize: IAdvizeClient | undefined;
  let fail!: (error: CompanionError) => void;
  const failed = new Promise<CompanionError>((resolve) => (fail = resolve));
  const lead = (subscriber: DurableSubscriber, channel: string, activate: () => Promise<void>) => {
    const leadership = new Leadership({
      channel,
      locks: store,
      logger,
      activate,
      onLost: () => fail(new CompanionError('CHANNEL_LOCK_LOST', channel)),
    });
    channels.push({ leadership, subscriber });
    return leadership;
  };
  const connections = new SourceConnections({
    oauth: config.oauth,
    sources: config.sources,
    store,
    logger,
  });
  // (Log messages avoid "OAuth <word>": the redaction takes it for an Authorization header.)
  if (!config.oauth)
    logger.info('connecting sources is off (TOKEN_ENCRYPTION_KEY, PUBLIC_URL unset): no /oauth routes');
  const app = buildApp({
    logger,
    readiness: [
      { name: 'streaming', ready: () => channels.every(channelReady) },
      // Only once a login was refused: an iAdvize outage is waited out, not "not ready".
      { name: 'iadvize', ready: () => !iadvize?.credentialsRefused },
    ],
    details: () => ({ channels: channelRoles(channels) }),
    routers: connections.router ? [connections.router] : [],
    metrics: metrics.registry,
  });
  // Express 5 hands a listen error (EADDRINUSE...) to this callback: the start must fail on it.
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(config.port, config.host, (error?: Error) => (error ? reject(error) : resolve(s)));
  });
  const { port } = server.address() as AddressInfo;
  logger.info({ port, host: config.host }, 'companion listening');
  if (config.proxy && Object.keys(config.proxy.proxies).length > 0)
    logger.info({ ...config.proxy }, 'outbound calls go through the proxy (hosts in NO_PROXY directly)');

  let subscriber: DurableSubscriber | undefined;
  let scheduler: DirectoryScheduler | undefined;
  let pushes: PushScheduler | undefined;
  if (config.salesforce.streamingEnabled) {
    const session = await SalesforceSession.open(
      createTokenSource(config.salesforce.auth),
      config.salesforce.apiVersion,
    );
    if (config.iadvize) {
      ({ subscriber, client: iadvize } = buildSyncRequests(
        config,
        config.iadvize,
        session,
        store,
        logger,
        metrics,
      ));
      const requests = subscriber;
      const requestsLead = lead(requests, SYNC_REQUEST_CHANNEL, () => requests.start());
      metrics.watchSubscriber('iadvize_sync_requests', requests, requestsLead);
      await requestsLead.start();
    } else logger.warn('iAdvize is not configured (IADVIZE_USERNAME): sync requests are not consumed');
    const directory = new SalesforceDirectory(session.connection);
    connections.attachSalesforce({
      readSettings: (source) => directory.readSettings(source),
      record: new SalesforceConnectionRecord(session.connection),
    });
    const runs = new DirectoryScheduler({
      directory,
      sources: config.sources,
      ...(connections.credentials && { credentials: connections.credentials }),
      store,
      logger,
      metrics: { runs: metrics.directoryRuns, requests: metrics.requests },
    });
    const directoryLocks = runs.lock;
    metrics.watchLocks(() => directoryLocks.heldNames());
    const pushing = startPushes({
      connection: session.connection,
      config,
      connections,
      store,
      logger,
      metrics,
    });
    const pushLocks = pushing.lock;
    metrics.watchLocks(() => pushLocks.heldNames());
    const commands = buildCommands(session, store, runs, connections, logger, pushing);
    [scheduler, pushes] = [runs, pushing];
    // Commands are listened to before the scheduler reads the settings: one published in between
    // (an admin enabling a source as the companion starts) is not lost. The scheduler holds them
    // until its start is done.
    const commandLead = lead(commands, COMMAND_CHANNEL, async () => {
      await commands.start();
      await runs.start();
      await pushing.start();
    });
    metrics.watchSubscriber('commands', commands, commandLead);
    await commandLead.start();
  }

  let stopping: Promise<void> | undefined;
  return {
    server,
    metrics,
    subscriber,
    scheduler,
    pushes,
    leaderships: channels.map((c) => c.leadership),
    failed,
    stop() {
      // Once: SIGTERM during a stop for a lost lock (or the reverse) waits for the same stop.
      stopping ??= (async () => {
        // SIGTERM is answered within STOP_BUDGET_MS even when a provider or the database never
        // answers: what does not finish in time is redone at the next start, as after a crash.
        const deadline = Date.now() + STOP_BUDGET_MS;
        // (A floor, so that quick closing steps still finish after a slow one used the budget.)
        const left = () => Math.max(deadline - Date.now(), 200);
        for (const c of channels) c.leadership.halt();
        await Promise.all(channels.map((c) => c.subscriber.stop(left())));
        await Promise.all([scheduler?.stop(left()), pushes?.stop(left())]);
        // Released once nothing runs: a standby takes over only after this instance stopped writing.
        // (A database that does not answer frees the locks itself when this process exits.)
        await within(Promise.all(channels.map((c) => c.leadership.stop())), left());
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeAllConnections();
        await within(closed, left());
        await within(store.close(), left());
        logger.info('companion stopped');
      })();
      return stopping;
    },
  };
}
