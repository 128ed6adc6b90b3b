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
import { mountLightning, type LightningOptions } from '../lightning/routes';
import { CometdServer } from './cometd';
import { DEFAULT_RETENTION_MS } from './events';
import { ConnectedApp, OAuthServer } from './oauth';
import { LicenseSeed, Org, SandboxOrg } from './org';

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
  /** Serve the User Sync app's Lightning page on the org's domain (see lightning/routes.ts). */
  lightning?: Omit<LightningOptions, 'metadataDir'>;
  /** More user licences with their profiles (see OrgOptions.licenses). */
  licenses?: LicenseSeed[];
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
  /**
   * The org's HTTP endpoint goes away, as during a network outage or a Salesforce incident: the
   * listener closes and every open connection (held long-polls included) is cut. The org keeps its
   * state and its streaming clients; events published meanwhile are delivered as Salesforce would,
   * into whatever the client's connection was. Resolves with a function that brings it back on the
   * same port.
   */
  outage(): Promise<() => Promise<void>>;
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
    licenses: options.licenses,
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
  const lightning = options.lightning;
  const app = createApp({
    org,
    oauth,
    cometd,
    apiVersion,
    latencyMs: options.latencyMs ?? 0,
    mount: lightning ? (express) => mountLightning(express, org, { ...lightning, metadataDir }) : undefined,
  });
  const listen = (port: number) =>
    new Promise<Server>((resolveListen, reject) => {
      const s = app.listen(port, '127.0.0.1', (error?: Error) => (error ? reject(error) : resolveListen(s)));
      s.once('error', reject);
    });
  let server = await listen(options.port ?? 0);
  const port = (server.address() as AddressInfo).port;
  url = `http://127.0.0.1:${port}`;
  let closing: Promise<void> | undefined;
  const stopListening = (s: Server) =>
    new Promise<void>((done) => {
      s.close(() => done());
      s.closeAllConnections();
    });
  return {
    url,
    orgId: org.orgId,
    apiVersion,
    org,
    async outage() {
      await stopListening(server);
      return async () => {
        server = await listen(port);
      };
    },
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
