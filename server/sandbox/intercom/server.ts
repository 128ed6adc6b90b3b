/**
 * Starts the Intercom sandbox on 127.0.0.1. One origin serves the REST API of every region and the
 * OAuth pages; a workspace owner (the installing admin, answered by GET /me) is always seeded first.
 */
import { Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { z } from 'zod';
import { AppRegion } from './admin-routes';
import { NewAdmin } from './admins';
import { createApp } from './app';
import { IntercomFaultOptions } from './faults';
import { DEFAULT_RATE_LIMIT_PER_10S } from './rate-limit';
import { IntercomState, Workspace } from './state';
import { DEFAULT_APP_VERSION, DOCUMENTED_VERSIONS } from './versions';

export interface IntercomSandboxOptions {
  /** Port to listen on (default 0: any free port). */
  port?: number;
  /** A valid bearer from the start (default DEFAULT_ACCESS_TOKEN). */
  accessToken?: string;
  /** Public-app credentials accepted by the OAuth endpoints (default DEFAULT_OAUTH_CLIENT). */
  oauthClients?: Array<{ clientId: string; clientSecret: string }>;
  /** Accepted Intercom-Version values (default: every documented one, see versions.ts). */
  supportedVersions?: string[];
  /** The version used when a request sends none ("the version set in the app package"; default 2.11). */
  appVersion?: string;
  /** Calls per 10-second window (default 1667, i.e. the documented 10,000/min per app). */
  rateLimitPer10s?: number;
  /** Added to every response. */
  latencyMs?: number;
  faults?: IntercomFaultOptions;
  /** The installing admin (default DEFAULT_OWNER). */
  owner?: NewAdmin;
  /** GET /me `app.region` (default 'US'). */
  region?: AppRegion;
  /** Clock for rate-limit windows and OAuth code expiry (tests pass a fake one). */
  now?: () => number;
}

export interface IntercomSandbox {
  /** http://127.0.0.1:<port>, standing in for api{,.eu,.au}.intercom.io and app.intercom.com. */
  readonly url: string;
  readonly state: IntercomState;
  close(): Promise<void>;
}

export const DEFAULT_ACCESS_TOKEN = 'dG9rOmludGVyY29tLXNhbmRib3gtdG9rZW4=';
export const DEFAULT_OAUTH_CLIENT = {
  clientId: 'sandbox-intercom-client',
  clientSecret: 'sandbox-intercom-secret',
} as const;
export const DEFAULT_OWNER: NewAdmin = { name: 'Workspace Owner', email: 'owner@intercom.sandbox' };

const optionsSchema = z.object({
  port: z.number().int().min(0).max(65535).default(0),
  accessToken: z.string().min(1).default(DEFAULT_ACCESS_TOKEN),
  oauthClients: z
    .array(z.object({ clientId: z.string().min(1), clientSecret: z.string().min(1) }))
    .default([{ ...DEFAULT_OAUTH_CLIENT }]),
  supportedVersions: z
    .array(z.string().min(1))
    .min(1)
    .default([...DOCUMENTED_VERSIONS]),
  appVersion: z.string().min(1).default(DEFAULT_APP_VERSION),
  rateLimitPer10s: z.number().int().positive().default(DEFAULT_RATE_LIMIT_PER_10S),
  latencyMs: z.number().min(0).default(0),
  region: z.enum(['US', 'EU', 'AU']).default('US'),
});

export async function startIntercomSandbox(options: IntercomSandboxOptions = {}): Promise<IntercomSandbox> {
  const { faults, owner, now: clock, ...rest } = options;
  const parsed = optionsSchema.safeParse(rest);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Intercom sandbox options: ${issues}`);
  }
  const o = parsed.data;
  const supported = new Set(o.supportedVersions);
  if (!supported.has(o.appVersion)) throw new Error(`appVersion ${o.appVersion} is not a supported version`);
  const now = clock ?? Date.now;
  const workspace = new Workspace({ accessToken: o.accessToken, now, faults });
  const ownerAdmin = workspace.addAdmin(owner ?? DEFAULT_OWNER);
  const app = createApp({
    workspace,
    ownerId: ownerAdmin.id,
    region: o.region,
    oauthClients: o.oauthClients,
    supportedVersions: supported,
    appVersion: o.appVersion,
    rateLimitPer10s: o.rateLimitPer10s,
    latencyMs: o.latencyMs,
    now,
  });
  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(o.port, '127.0.0.1', (error?: Error) => (error ? reject(error) : resolve(s)));
    s.once('error', reject);
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  let closing: Promise<void> | undefined;
  return {
    url,
    state: workspace,
    close() {
      closing ??= new Promise<void>((done) => {
        server.close(() => done());
        // Keep-alive sockets would hold close() open until they time out.
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
