import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { err, ok, type Result } from './lib/result';
import { bool, issuesOf, port, url, type Env } from './config/env-values';
import { readIAdvize, type IAdvizeConfig } from './config/iadvize';
import { readOAuth, type OAuthConfig } from './config/oauth';
import { readProxy, type ProxyConfig } from './config/proxy';
import { readSalesforceCredentials } from './config/salesforce-credentials';

export type { IAdvizeConfig } from './config/iadvize';
export type { OAuthConfig } from './config/oauth';
export type { ProxyConfig } from './config/proxy';

/**
 * The companion's whole configuration, read from the environment once, in main.ts. Every missing
 * or invalid value is reported on its own line, all of them on the first start, so an operator can
 * fix them in one go.
 */
const apiVersion = z.string().regex(/^\d{2,3}\.0$/, 'must look like 62.0');

const baseSchema = z.object({
  PORT: port.default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATABASE_PATH: z.string().min(1).default('./data/user-sync.db'),
  SF_LOGIN_URL: url.default('https://login.salesforce.com'),
  SF_API_VERSION: apiVersion.default('62.0'),
  SF_AUTH_FLOW: z.enum(['jwt', 'refresh_token']).default('jwt'),
  SF_CLIENT_ID: z.string().min(1),
  // Where a stored replay id is missing: -2 replays everything Salesforce still retains (72 h), so
  // ticks made while the companion was never running are not lost; -1 takes only new events.
  SF_INITIAL_REPLAY_ID: z.coerce
    .number()
    .int()
    .refine((n) => n === -1 || n === -2, 'must be -1 or -2')
    .default(-2),
  SF_STREAMING_ENABLED: bool.default(true),
});

const sourcesSchema = z.object({
  ZENDESK_ACCESS_TOKEN: z.string().trim().min(1).optional(),
  ZENDESK_BASE_URL: url.optional(),
  INTERCOM_ACCESS_TOKEN: z.string().trim().min(1).optional(),
  INTERCOM_BASE_URL: url.optional(),
});

export type SalesforceAuthConfig =
  | { flow: 'jwt'; loginUrl: string; clientId: string; username: string; privateKeyPem: string }
  | {
      flow: 'refresh_token';
      loginUrl: string;
      clientId: string;
      clientSecret?: string;
      refreshToken: string;
    };

/**
 * Source credentials from the environment: a plain access token (Zendesk OAuth or private app,
 * Intercom access token), and base URL overrides for proxies and the sandbox. The subdomain, region
 * and roles are admin settings read from Salesforce (User_Sync_Source__c).
 */
export interface SourcesConfig {
  zendesk: { accessToken?: string; baseUrl?: string };
  intercom: { accessToken?: string; baseUrl?: string };
}

export interface Config {
  port: number;
  host: string;
  logLevel: string;
  databasePath: string;
  salesforce: {
    apiVersion: string;
    auth: SalesforceAuthConfig;
    initialReplayId: -1 | -2;
    streamingEnabled: boolean;
  };
  /** Absent when IADVIZE_USERNAME is unset: no operator provisioning, no sync request subscription. */
  iadvize?: IAdvizeConfig;
  sources: SourcesConfig;
  /** Absent when none of the OAuth variables is set: sources use the environment's tokens only. */
  oauth?: OAuthConfig;
  /** The outbound proxy variables, checked; requests read them through proxy-from-env (lib/proxy.ts). */
  proxy?: ProxyConfig;
}

/** Validates the environment; the error lists one line per bad or missing value, all at once. */
export function loadConfig(
  env: Env,
  readFile: (path: string) => string = (p) => readFileSync(p, 'utf8'),
): Result<Config, string[]> {
  const base = baseSchema.safeParse(env);
  const credentials = readSalesforceCredentials(env, env.SF_AUTH_FLOW, readFile);
  const iadvize = readIAdvize(env);
  const sources = sourcesSchema.safeParse(env);
  const oauth = readOAuth(env);
  const proxy = readProxy(env);
  if (!base.success || !credentials.ok || !iadvize.ok || !sources.success || !oauth.ok || !proxy.ok)
    return err([
      ...(base.success ? [] : issuesOf(base.error)),
      ...(credentials.ok ? [] : credentials.error),
      ...(iadvize.ok ? [] : iadvize.error),
      ...(sources.success ? [] : issuesOf(sources.error)),
      ...(oauth.ok ? [] : oauth.error),
      ...(proxy.ok ? [] : proxy.error),
    ]);
  const b = base.data;
  const auth: SalesforceAuthConfig = {
    ...credentials.value,
    loginUrl: b.SF_LOGIN_URL,
    clientId: b.SF_CLIENT_ID,
  };
  return ok({
    port: b.PORT,
    host: b.HOST,
    logLevel: b.LOG_LEVEL,
    databasePath: b.DATABASE_PATH,
    salesforce: {
      apiVersion: b.SF_API_VERSION,
      auth,
      initialReplayId: b.SF_INITIAL_REPLAY_ID as -1 | -2,
      streamingEnabled: b.SF_STREAMING_ENABLED,
    },
    iadvize: iadvize.value,
    sources: {
      zendesk: { accessToken: sources.data.ZENDESK_ACCESS_TOKEN, baseUrl: sources.data.ZENDESK_BASE_URL },
      intercom: { accessToken: sources.data.INTERCOM_ACCESS_TOKEN, baseUrl: sources.data.INTERCOM_BASE_URL },
    },
    ...(oauth.value && { oauth: oauth.value }),
    proxy: proxy.value,
  });
}
