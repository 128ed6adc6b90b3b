/**
 * Starts the iAdvize sandbox on 127.0.0.1: GraphQL at `${url}/graphql`, the token endpoint at
 * `${url}/oauth2/token`, REST v2 at `${url}/api/2`. The API user (the admin account) is seeded as the
 * first operator: the GraphQL token belongs to a real iAdvize user.
 */
import { Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { createApp } from './app';
import { FaultOptions } from './faults';
import { IAdvizeState, Tenant } from './state';
import { positive } from '../shared/options';

export interface IAdvizeSandboxOptions {
  /** Port to listen on (default 0: any free port). */
  port?: number;
  /** The API user for /oauth2/token (default DEFAULT_ADMIN). */
  admin?: { email: string; password: string };
  /** The REST v2 key (default DEFAULT_REST_API_KEY). */
  restApiKey?: string;
  /** Access token lifetime (default 86,400 s, documented). */
  tokenLifetimeSeconds?: number;
  /** Logins per minute per user (default 10, documented). */
  loginLimitPerUserPerMinute?: number;
  /** Logins per minute per IP address (default 100, documented). */
  loginLimitPerIpPerMinute?: number;
  /** Added to every response. */
  latencyMs?: number;
  /** A per-minute limit over GraphQL and REST together, answered with 429 and Retry-After. */
  rateLimit?: { requestsPerMinute: number };
  /** Random failures on GraphQL and REST, per request; see gateway.ts. */
  faults?: FaultOptions;
  /** The clock for token lifetimes and the per-minute windows (default Date.now); tests pass a fake one. */
  now?: () => number;
}

export interface IAdvizeSandbox {
  /** http://127.0.0.1:<port> */
  readonly url: string;
  readonly state: IAdvizeState;
  close(): Promise<void>;
}

export const DEFAULT_ADMIN = {
  email: 'admin@iadvize.sandbox',
  password: 'sandbox-password-iadvize',
} as const;
export const DEFAULT_REST_API_KEY = 'iadvize-sandbox-rest-key';

export async function startIAdvizeSandbox(options: IAdvizeSandboxOptions = {}): Promise<IAdvizeSandbox> {
  const now = options.now ?? Date.now;
  const admin = options.admin ?? DEFAULT_ADMIN;
  const tenant = new Tenant({ now, faults: options.faults });
  tenant.seedOperator({
    email: admin.email,
    firstName: 'API',
    lastName: 'Admin',
    pseudo: 'Admin',
    role: 'admin',
  });
  const app = createApp({
    tenant,
    admin,
    restApiKey: options.restApiKey ?? DEFAULT_REST_API_KEY,
    tokenLifetimeSeconds: positive('tokenLifetimeSeconds', options.tokenLifetimeSeconds, 86_400),
    loginLimitPerUserPerMinute: positive(
      'loginLimitPerUserPerMinute',
      options.loginLimitPerUserPerMinute,
      10,
    ),
    loginLimitPerIpPerMinute: positive('loginLimitPerIpPerMinute', options.loginLimitPerIpPerMinute, 100),
    latencyMs: options.latencyMs ?? 0,
    requestsPerMinute: options.rateLimit
      ? positive('rateLimit.requestsPerMinute', options.rateLimit.requestsPerMinute, 1)
      : undefined,
    now,
  });
  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(options.port ?? 0, '127.0.0.1', (error?: Error) =>
      error ? reject(error) : resolve(s),
    );
    s.once('error', reject);
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  let closing: Promise<void> | undefined;
  return {
    url,
    state: tenant,
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
