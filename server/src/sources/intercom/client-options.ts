/**
 * The client's configuration, validated once at construction: a wrong region or an empty token is a
 * setup error reported at start, not a failure of the first sync.
 */
import { z } from 'zod';
import { CompanionError } from '../../lib/errors';
import type { HttpClientOptions } from '../../lib/http-client';
import type { Logger } from '../../lib/logger';
import { INTERCOM_REGIONS, regionBaseUrl } from './region';
import { INTERCOM_VERSION } from './requests';

export interface IntercomClientOptions {
  /** An OAuth token for the workspace or a private app's access token; neither expires. */
  accessToken: string;
  /** The workspace's region (default 'us'); picks the API host. */
  region?: string;
  /** Overrides the regional host (the sandbox, a proxy). */
  baseUrl?: string;
  /** Intercom-Version to send (default INTERCOM_VERSION). */
  version?: string;
  logger: Logger;
  /** HttpClient tuning (timeouts, attempts, backoff timing, fetch). */
  http?: Partial<Omit<HttpClientOptions, 'name' | 'logger'>>;
  /** Clock, sleep and randomness for retries (tests inject them). */
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

const schema = z.object({
  accessToken: z.string().trim().min(1),
  region: z.string().trim().toLowerCase().pipe(z.enum(INTERCOM_REGIONS)).default('us'),
  baseUrl: z
    .url({ protocol: /^https?$/ })
    .transform((v) => v.replace(/\/+$/, ''))
    .optional(),
  version: z.string().trim().min(1).default(INTERCOM_VERSION),
});

export interface ResolvedOptions {
  accessToken: string;
  baseUrl: string;
  version: string;
}

export function resolveOptions(options: IntercomClientOptions): ResolvedOptions {
  const parsed = schema.safeParse(options);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new CompanionError('CONFIG_INVALID', `Intercom client: ${issues}`);
  }
  const o = parsed.data;
  return { accessToken: o.accessToken, baseUrl: o.baseUrl ?? regionBaseUrl(o.region), version: o.version };
}
