/**
 * The client's configuration, validated once at construction: a wrong URL or an empty password is a
 * setup error reported at start, not a failure of the first user sync.
 */
import { z } from 'zod';
import { CompanionError } from '../lib/errors';
import type { HttpClientOptions } from '../lib/http-client';
import type { Logger } from '../lib/logger';
import { DEFAULT_GRAPHQL_BASE_URL, REST_BASE_URLS } from './requests';
import { DEFAULT_OPERATOR_DEFAULTS, OperatorDefaults } from './types';

export interface IAdvizeClientOptions {
  /** The API user (an iAdvize admin account) for the password grant. */
  credentials: { username: string; password: string };
  /** Token endpoint and GraphQL host (default https://api.iadvize.com). */
  graphqlBaseUrl?: string;
  /** Adds `?platform=sd` to the GraphQL URL, for tenants on the SD platform. */
  sdPlatform?: boolean;
  /** The REST v2 key "shared by your CSM"; without it see IAdvizeCapabilities. */
  restKey?: string;
  /** REST v2 base (default https://sd.iadvize.com/api/2; https://ha.iadvize.com/api/2 for HA tenants). */
  restBaseUrl?: string;
  /** Values for ProfessionalCreateInput fields Salesforce does not provide; see OperatorDefaults. */
  defaults?: Partial<OperatorDefaults>;
  logger: Logger;
  /** HttpClient tuning (timeouts, attempts, backoff timing, fetch). */
  http?: Partial<Omit<HttpClientOptions, 'name' | 'logger'>>;
  /** Token cache tuning; see TokenCacheOptions. */
  tokens?: {
    renewBeforeMs?: number;
    maxLoginsPerMinute?: number;
    attemptsPerLogin?: number;
    pauseAfterFailure?: { minMs: number; maxMs: number };
  };
  /** Clock, sleep and randomness for both retries and the token cache (tests inject them). */
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

const baseUrl = z.url({ protocol: /^https?$/ }).transform((v) => v.replace(/\/+$/, ''));

const schema = z.object({
  credentials: z.object({ username: z.string().trim().min(1), password: z.string().min(1) }),
  graphqlBaseUrl: baseUrl.default(DEFAULT_GRAPHQL_BASE_URL),
  sdPlatform: z.boolean().default(false),
  restKey: z.string().trim().min(1).optional(),
  restBaseUrl: baseUrl.default(REST_BASE_URLS.sd),
  defaults: z
    .object({
      roleName: z.enum(['operator', 'manager', 'admin']),
      interfaceLanguage: z.string().min(2),
      spokenLanguages: z.array(z.string().min(2)),
      groupId: z.string().regex(/^\d+$/).optional(),
      projectIds: z.array(z.string().regex(/^\d+$/)),
      skillIds: z.array(z.string().regex(/^\d+$/)),
    })
    .partial()
    .default({}),
});

export type ResolvedOptions = Omit<z.output<typeof schema>, 'defaults'> & { defaults: OperatorDefaults };

export function resolveOptions(options: IAdvizeClientOptions): ResolvedOptions {
  const parsed = schema.safeParse(options);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new CompanionError('CONFIG_INVALID', `iAdvize client: ${issues}`);
  }
  return { ...parsed.data, defaults: { ...DEFAULT_OPERATOR_DEFAULTS, ...parsed.data.defaults } };
}
