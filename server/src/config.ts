import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { parseKey, type SealingKey } from './lib/crypto-box';
import { err, ok, type Result } from './lib/result';

/**
 * The companion's whole configuration, read from the environment once, in main.ts. Every missing
 * or invalid value is reported on its own line so an admin can fix them all in one go.
 */
const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
const url = z.url({ protocol: /^https?$/ }).transform((v) => v.replace(/\/+$/, ''));
const apiVersion = z.string().regex(/^\d{2,3}\.0$/, 'must look like 62.0');

const baseSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
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

const jwtSchema = z.object({
  SF_USERNAME: z.string().min(1),
  SF_PRIVATE_KEY: z.string().min(1).optional(),
  SF_PRIVATE_KEY_FILE: z.string().min(1).optional(),
});

const iadvizeSchema = z.object({
  IADVIZE_USERNAME: z.string().trim().min(1),
  IADVIZE_PASSWORD: z.string().min(1),
  IADVIZE_GRAPHQL_URL: url.default('https://api.iadvize.com'),
  IADVIZE_SD_PLATFORM: bool.default(false),
  IADVIZE_REST_KEY: z.string().trim().min(1).optional(),
  IADVIZE_REST_URL: url.default('https://sd.iadvize.com/api/2'),
  IADVIZE_LINK_EXISTING: bool.default(false),
  IADVIZE_CONCURRENCY: z.coerce.number().int().min(1).max(32).default(8),
  IADVIZE_INTERFACE_LANGUAGE: z.string().min(2).default('en'),
});

const sourcesSchema = z.object({
  ZENDESK_ACCESS_TOKEN: z.string().trim().min(1).optional(),
  ZENDESK_BASE_URL: url.optional(),
  INTERCOM_ACCESS_TOKEN: z.string().trim().min(1).optional(),
  INTERCOM_BASE_URL: url.optional(),
});

// Optional as a group (readOAuth): none set, or enough to run at least one provider's flow.
const OAUTH_KEYS = [
  'TOKEN_ENCRYPTION_KEY',
  'PUBLIC_URL',
  'ZENDESK_CLIENT_ID',
  'ZENDESK_CLIENT_SECRET',
  'INTERCOM_CLIENT_ID',
  'INTERCOM_CLIENT_SECRET',
  'INTERCOM_OAUTH_URL',
] as const;

const oauthSchema = z.object({
  TOKEN_ENCRYPTION_KEY: z.string().optional(),
  // Callbacks are `${PUBLIC_URL}/oauth/{provider}/callback`: a query or fragment would break them.
  PUBLIC_URL: url.refine((u) => !/[?#]/.test(u), 'must not have a query or fragment').optional(),
  ZENDESK_CLIENT_ID: z.string().trim().min(1).optional(),
  ZENDESK_CLIENT_SECRET: z.string().min(1).optional(),
  INTERCOM_CLIENT_ID: z.string().trim().min(1).optional(),
  INTERCOM_CLIENT_SECRET: z.string().min(1).optional(),
  INTERCOM_OAUTH_URL: url.optional(),
});

const refreshSchema = z.object({
  SF_REFRESH_TOKEN: z.string().min(1),
  SF_CLIENT_SECRET: z.string().min(1).optional(),
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

export interface IAdvizeConfig {
  username: string;
  password: string;
  graphqlUrl: string;
  sdPlatform: boolean;
  restKey?: string;
  restUrl: string;
  /** Link an operator whose email matches instead of skipping the user. */
  linkExisting: boolean;
  concurrency: number;
  interfaceLanguage: string;
}

/**
 * Source credentials from the environment: a plain access token (Zendesk OAuth or private app,
 * Intercom access token), and base URL overrides for proxies and the sandbox. The subdomain, region
 * and roles are admin settings read from Salesforce (User_Sync_Source__c).
 */
export interface SourcesConfig {
  zendesk: { accessToken?: string; baseUrl?: string };
  intercom: { accessToken?: string; baseUrl?: string };
}

/**
 * Connecting the sources through the admin's browser (connect/). Present only when the sealing key,
 * the public URL and at least one provider's OAuth client are all set: the router is mounted then.
 */
export interface OAuthConfig {
  /** TOKEN_ENCRYPTION_KEY: seals the stored tokens; a derived key signs the connect links. */
  key: SealingKey;
  /** The companion's address as the admin's browser reaches it (connect links, OAuth callbacks). */
  publicUrl: string;
  zendesk?: { clientId: string; clientSecret: string };
  /** `oauthUrl` (INTERCOM_OAUTH_URL) replaces Intercom's consent and token hosts (sandbox). */
  intercom?: { clientId: string; clientSecret: string; oauthUrl?: string };
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
}

type Env = Record<string, string | undefined>;

function issuesOf(error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const key = issue.path.join('.');
    const received =
      issue.code === 'invalid_type' && issue.input === undefined ? 'is required' : issue.message;
    return `${key}: ${received}`;
  });
}

function readPrivateKey(
  env: z.infer<typeof jwtSchema>,
  readFile: (path: string) => string,
): Result<string, string[]> {
  if (env.SF_PRIVATE_KEY) return ok(env.SF_PRIVATE_KEY.replace(/\\n/g, '\n'));
  if (!env.SF_PRIVATE_KEY_FILE)
    return err(['SF_PRIVATE_KEY or SF_PRIVATE_KEY_FILE: one is required for the jwt flow']);
  try {
    return ok(readFile(env.SF_PRIVATE_KEY_FILE));
  } catch {
    return err([`SF_PRIVATE_KEY_FILE: cannot read ${env.SF_PRIVATE_KEY_FILE}`]);
  }
}

function readIAdvize(env: Env): Result<IAdvizeConfig | undefined, string[]> {
  const anySet = Object.keys(env).some(
    (key) => key.startsWith('IADVIZE_') && env[key] !== undefined && env[key] !== '',
  );
  if (!anySet) return ok(undefined);
  const parsed = iadvizeSchema.safeParse(env);
  if (!parsed.success) return err(issuesOf(parsed.error));
  const v = parsed.data;
  return ok({
    username: v.IADVIZE_USERNAME,
    password: v.IADVIZE_PASSWORD,
    graphqlUrl: v.IADVIZE_GRAPHQL_URL,
    sdPlatform: v.IADVIZE_SD_PLATFORM,
    restKey: v.IADVIZE_REST_KEY,
    restUrl: v.IADVIZE_REST_URL,
    linkExisting: v.IADVIZE_LINK_EXISTING,
    concurrency: v.IADVIZE_CONCURRENCY,
    interfaceLanguage: v.IADVIZE_INTERFACE_LANGUAGE,
  });
}

/** One provider's client: both halves or neither. */
function clientOf(
  id: string | undefined,
  secret: string | undefined,
  prefix: 'ZENDESK' | 'INTERCOM',
): Result<{ clientId: string; clientSecret: string } | undefined, string[]> {
  if (id === undefined && secret === undefined) return ok(undefined);
  if (id === undefined) return err([`${prefix}_CLIENT_ID: is required with ${prefix}_CLIENT_SECRET`]);
  if (secret === undefined) return err([`${prefix}_CLIENT_SECRET: is required with ${prefix}_CLIENT_ID`]);
  return ok({ clientId: id, clientSecret: secret });
}

function readOAuth(env: Env): Result<OAuthConfig | undefined, string[]> {
  // An empty value counts as unset, as a blank line in a .env file means.
  const given = Object.fromEntries(OAUTH_KEYS.map((k) => [k, env[k] === '' ? undefined : env[k]]));
  if (Object.values(given).every((v) => v === undefined)) return ok(undefined);
  const parsed = oauthSchema.safeParse(given);
  if (!parsed.success) return err(issuesOf(parsed.error));
  const v = parsed.data;
  const problems: string[] = [];
  const group = 'to connect sources (with PUBLIC_URL and a provider client)';
  const key = v.TOKEN_ENCRYPTION_KEY === undefined ? undefined : parseKey(v.TOKEN_ENCRYPTION_KEY);
  if (!key) problems.push(`TOKEN_ENCRYPTION_KEY: is required ${group}`);
  else if (!key.ok) problems.push(`TOKEN_ENCRYPTION_KEY: ${key.error}`);
  if (!v.PUBLIC_URL)
    problems.push(
      'PUBLIC_URL: is required to connect sources (the address the admin browser reaches the companion at)',
    );
  const zendesk = clientOf(v.ZENDESK_CLIENT_ID, v.ZENDESK_CLIENT_SECRET, 'ZENDESK');
  const intercom = clientOf(v.INTERCOM_CLIENT_ID, v.INTERCOM_CLIENT_SECRET, 'INTERCOM');
  if (!zendesk.ok) problems.push(...zendesk.error);
  if (!intercom.ok) problems.push(...intercom.error);
  if (zendesk.ok && intercom.ok && !zendesk.value && !intercom.value)
    problems.push(
      'ZENDESK_CLIENT_ID or INTERCOM_CLIENT_ID: at least one provider OAuth client is required to connect sources',
    );
  if (problems.length > 0 || !key?.ok || !v.PUBLIC_URL || !zendesk.ok || !intercom.ok) return err(problems);
  return ok({
    key: key.value,
    publicUrl: v.PUBLIC_URL,
    ...(zendesk.value && { zendesk: zendesk.value }),
    ...(intercom.value && {
      intercom: { ...intercom.value, ...(v.INTERCOM_OAUTH_URL && { oauthUrl: v.INTERCOM_OAUTH_URL }) },
    }),
  });
}

/** Validates the environment; the error lists one line per bad or missing value. */
export function loadConfig(
  env: Env,
  readFile: (path: string) => string = (p) => readFileSync(p, 'utf8'),
): Result<Config, string[]> {
  const base = baseSchema.safeParse(env);
  const iadvize = readIAdvize(env);
  const sources = sourcesSchema.safeParse(env);
  const oauth = readOAuth(env);
  if (!base.success || !sources.success) {
    const problems = [
      ...(base.success ? [] : issuesOf(base.error)),
      ...(iadvize.ok ? [] : iadvize.error),
      ...(sources.success ? [] : issuesOf(sources.error)),
      ...(oauth.ok ? [] : oauth.error),
    ];
    // Report the flow-specific problems in the same pass when the flow itself is readable.
    const flow = env.SF_AUTH_FLOW ?? 'jwt';
    const flowSchema = flow === 'refresh_token' ? refreshSchema : jwtSchema;
    const extra = flowSchema.safeParse(env);
    return err(extra.success ? problems : [...problems, ...issuesOf(extra.error)]);
  }
  if (!iadvize.ok || !oauth.ok)
    return err([...(iadvize.ok ? [] : iadvize.error), ...(oauth.ok ? [] : oauth.error)]);
  const b = base.data;
  let auth: SalesforceAuthConfig;
  if (b.SF_AUTH_FLOW === 'jwt') {
    const parsed = jwtSchema.safeParse(env);
    if (!parsed.success) return err(issuesOf(parsed.error));
    const key = readPrivateKey(parsed.data, readFile);
    if (!key.ok) return key;
    auth = {
      flow: 'jwt',
      loginUrl: b.SF_LOGIN_URL,
      clientId: b.SF_CLIENT_ID,
      username: parsed.data.SF_USERNAME,
      privateKeyPem: key.value,
    };
  } else {
    const parsed = refreshSchema.safeParse(env);
    if (!parsed.success) return err(issuesOf(parsed.error));
    auth = {
      flow: 'refresh_token',
      loginUrl: b.SF_LOGIN_URL,
      clientId: b.SF_CLIENT_ID,
      clientSecret: parsed.data.SF_CLIENT_SECRET,
      refreshToken: parsed.data.SF_REFRESH_TOKEN,
    };
  }
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
  });
}
