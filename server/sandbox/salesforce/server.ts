/**
 * Starts the sandbox: builds the org (loading metadata), the OAuth and CometD servers and the express
 * app, and listens on 127.0.0.1. close() answers held long-polls and drops keep-alive sockets so it
 * returns promptly.
 */
import { existsSync } from 'node:fs';
import { Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { createApp } from './app';
import { CometdServer } from './cometd';
import { DEFAULT_RETENTION_MS } from './events';
import { ConnectedApp, OAuthServer } from './oauth';
import { Org, SandboxOrg } from './org';

export interface SalesforceSandboxOptions {
  /** Port to listen on (default 0: any free port). */
  port?: number;
  /** The latest API version served (default '62.0'); any vXX.X from 20.0 up to it is accepted in URLs. */
  apiVersion?: string;
  connectedApps?: ConnectedApp[];
  /** How long events are retained for replay (default 72 h, high-volume platform events). */
  eventRetentionMs?: number;
  /** How long a /meta/connect is held (default 110,000 ms, as Salesforce). */
  cometdTimeoutMs?: number;
  /** How long a streaming client may stay without /meta/connect before it is forgotten (default 40,000 ms). */
  cometdMaxIntervalMs?: number;
  /** Added to every REST and OAuth response. */
  latencyMs?: number;
  /** Folder of sf source metadata to load custom objects/fields/events from (default: <repo>/force-app/main/default). */
  metadataDir?: string;
  /** Total 'Salesforce' user licences (default 10,000). */
  salesforceLicenses?: number;
  /** Daily API request allocation (default 100,000). */
  dailyApiRequests?: number;
  /** Session inactivity timeout (default 2 h). */
  sessionTimeoutMs?: number;
}

export interface SalesforceSandbox {
  /** http://127.0.0.1:<port>: both the login URL and the instance_url. */
  readonly url: string;
  readonly orgId: string;
  readonly apiVersion: string;
  readonly org: SandboxOrg;
  close(): Promise<void>;
}

/** <repo>/force-app/main/default, found from this file's location. */
export function defaultMetadataDir(): string {
  return resolve(__dirname, '..', '..', '..', 'force-app', 'main', 'default');
}

/** A connected app usable out of the box (password, client credentials as the admin, refresh token). */
export const DEFAULT_CONNECTED_APP: ConnectedApp = {
  clientId: 'UserSyncSandboxClientId',
  clientSecret: 'UserSyncSandboxClientSecret',
  runAsUsername: 'admin@usersync.sandbox',
};

export async function startSalesforceSandbox(
  options: SalesforceSandboxOptions = {},
): Promise<SalesforceSandbox> {
  const apiVersion = options.apiVersion ?? '62.0';
  if (!/^\d+\.\d$/.test(apiVersion)) throw new Error(`apiVersion must look like 62.0, got ${apiVersion}`);
  const metadataDir = options.metadataDir ?? defaultMetadataDir();
  if (options.metadataDir && !existsSync(metadataDir))
    throw new Error(`metadataDir not found: ${metadataDir}`);
  const org = new Org({
    eventRetentionMs: options.eventRetentionMs ?? DEFAULT_RETENTION_MS,
    metadataDir: existsSync(metadataDir) ? metadataDir : undefined,
    salesforceLicenses: options.salesforceLicenses,
    dailyApiRequests: options.dailyApiRequests,
    sessionTimeoutMs: options.sessionTimeoutMs,
  });
  const apps = options.connectedApps ?? [DEFAULT_CONNECTED_APP];
  let url = '';
  const oauth = new OAuthServer({
    org,
    apps,
    get url() {
      return url;
    },
  });
  const cometd = new CometdServer(org, {
    timeoutMs: options.cometdTimeoutMs ?? 110_000,
    maxIntervalMs: options.cometdMaxIntervalMs,
  });
  const app = createApp({ org, oauth, cometd, apiVersion, latencyMs: options.latencyMs ?? 0 });
  const server: Server = await new Promise((resolveListen, reject) => {
    const s = app.listen(options.port ?? 0, '127.0.0.1', (error?: Error) =>
      error ? reject(error) : resolveListen(s),
    );
    s.once('error', reject);
  });
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  let closing: Promise<void> | undefined;
  return {
    url,
    orgId: org.orgId,
    apiVersion,
    org,
    close() {
      closing ??= new Promise<void>((done) => {
        cometd.close();
        server.close(() => done());
        // Let the answered long-polls flush, then drop idle keep-alive sockets.
        setImmediate(() => server.closeAllConnections());
      });
      return closing;
    },
  };
}
