/**
 * Starts the Zendesk sandbox on 127.0.0.1: OAuth at `${url}/oauth/...`, the API at `${url}/api/v2`.
 * Real accounts live at https://{subdomain}.zendesk.com; the sandbox serves one account, `subdomain`,
 * on its own URL, so a client is pointed at `url` instead of the subdomain's host.
 */
import { Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { createApp } from './app';
import { ZendeskFaultOptions } from './faults';
import type { JobTiming } from './jobs';
import { Account, ZendeskState } from './state';
import { positive } from '../shared/options';

export interface ZendeskSandboxOptions {
  /** Port to listen on (default 0: any free port). */
  port?: number;
  /** The account's subdomain (default 'acme'); reported as `sandbox.subdomain`. */
  subdomain?: string;
  oauthClients?: Array<{ clientId: string; clientSecret: string; redirectUris: string[] }>;
  /** Accepted as Basic `{email}/token:{token}`. */
  apiToken?: { email: string; token: string };
  /** Access token lifetime (default 1800 s, as Zendesk issues them). */
  accessTokenLifetimeSeconds?: number;
  /** Account-wide API limit per minute (default 700, the Enterprise plan's). */
  requestsPerMinute?: number;
  /** Added to every response. */
  latencyMs?: number;
  faults?: ZendeskFaultOptions;
  /** Bulk user imports enabled (default false, as on a new Zendesk account: create_or_update_many answers 403). */
  bulkImports?: boolean;
  /** Job timing and limits (jobs.ts): 30 active jobs, a few ms each by default. */
  jobs?: Partial<JobTiming>;
  /** Writes of one user through create_or_update per minute (default 5). */
  userWritesPerMinute?: number;
  /** Show a consent page (Allow / Deny) on /oauth/authorizations/new instead of approving at once. */
  consentPage?: boolean;
  /** Clock for token and code lifetimes, timestamps and the per-minute window (default Date.now). */
  now?: () => number;
}

export interface ZendeskSandbox {
  /** http://127.0.0.1:<port> */
  readonly url: string;
  readonly subdomain: string;
  readonly state: ZendeskState;
  close(): Promise<void>;
}

export const DEFAULT_SUBDOMAIN = 'acme';

export async function startZendeskSandbox(options: ZendeskSandboxOptions = {}): Promise<ZendeskSandbox> {
  const now = options.now ?? Date.now;
  const account = new Account({
    now,
    oauthClients: options.oauthClients ?? [],
    accessTokenLifetimeSeconds: positive(
      'accessTokenLifetimeSeconds',
      options.accessTokenLifetimeSeconds,
      1800,
    ),
    apiToken: options.apiToken,
    faults: options.faults,
    bulkImports: options.bulkImports,
    jobs: options.jobs,
    userWritesPerMinute: options.userWritesPerMinute,
  });
  const app = createApp({
    account,
    requestsPerMinute: positive('requestsPerMinute', options.requestsPerMinute, 700),
    latencyMs: options.latencyMs ?? 0,
    now,
    consent: options.consentPage ? { subdomain: options.subdomain ?? DEFAULT_SUBDOMAIN } : undefined,
  });
  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(options.port ?? 0, '127.0.0.1', (error?: Error) =>
      error ? reject(error) : resolve(s),
    );
    s.once('error', reject);
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  account.baseUrl = url;
  let closing: Promise<void> | undefined;
  return {
    url,
    subdomain: options.subdomain ?? DEFAULT_SUBDOMAIN,
    state: account,
    close() {
      account.jobs.close();
      closing ??= new Promise<void>((done) => {
        server.close(() => done());
        // Keep-alive sockets would hold close() open until they time out.
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
