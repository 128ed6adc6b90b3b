/**
 * The push scheduler as the companion starts it: Salesforce through the companion's session, Zendesk
 * through the tokens Connect stored (or the environment's), the run locks and snapshots in the store.
 */
import type { Connection } from 'jsforce';
import type { Config } from '../config';
import type { SourceConnections } from '../connect/source-connections';
import { PushScheduler } from '../jobs/push-scheduler';
import type { Logger } from '../lib/logger';
import type { CompanionMetrics } from '../metrics/companion-metrics';
import type { Store } from '../store/store';
import { SalesforcePushes } from './salesforce-push';
import { zendeskAccess } from './zendesk-access';

export function startPushes(o: {
  connection: Connection;
  config: Config;
  connections: SourceConnections;
  store: Store;
  logger: Logger;
  metrics?: CompanionMetrics;
}): PushScheduler {
  const salesforce = new SalesforcePushes(o.connection);
  return new PushScheduler({
    salesforce,
    store: o.store,
    logger: o.logger,
    ...(o.metrics && { metrics: { runs: o.metrics.pushRuns, requests: o.metrics.requests } }),
    zendesk: zendeskAccess({
      salesforce,
      authorization: (subdomain) => o.connections.zendeskAuthorization(subdomain),
      environment: o.config.sources.zendesk,
      logger: o.logger,
    }),
  });
}
