/**
 * The client's configuration, validated once at construction: a bad subdomain or base URL is a setup
 * error reported at start, before any URL is built (docs/architecture.md, reliability rules).
 */
import { z } from 'zod';
import { CompanionError } from '../../lib/errors';
import type { HttpClientOptions } from '../../lib/http-client';
import type { Logger } from '../../lib/logger';
import { parseSubdomain, zendeskBaseUrl } from './subdomain';
import type { TokenSource } from './token-source';

export interface ZendeskClientOptions {
  /** "abc-energy" for https://abc-energy.zendesk.com. */
  subdomain: string;
  /** Replaces https://{subdomain}.zendesk.com, for the sandbox. */
  baseUrl?: string;
  tokens: TokenSource;
  logger: Logger;
  /** Stops a listing as incomplete beyond this many pages (default 10,000: a million users). */
  maxPages?: number;
  /** HttpClient tuning (timeouts, attempts, backoff timing, fetch). */
  http?: Partial<Omit<HttpClientOptions, 'name' | 'logger'>>;
  /** Clock, sleep and randomness for retries (tests inject them). */
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

const schema = z.object({
  baseUrl: z.url({ protocol: /^https?$/ }).optional(),
  maxPages: z.number().int().positive().default(10_000),
});

export function resolveOptions(options: ZendeskClientOptions): { baseUrl: string; maxPages: number } {
  const subdomain = parseSubdomain(options.subdomain);
  if (!subdomain.ok) throw new CompanionError('ZENDESK_SUBDOMAIN_INVALID', subdomain.error);
  const parsed = schema.safeParse({ baseUrl: options.baseUrl, maxPages: options.maxPages });
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new CompanionError('CONFIG_INVALID', `Zendesk client: ${issues}`);
  }
  return {
    baseUrl: parsed.data.baseUrl?.replace(/\/+$/, '') ?? zendeskBaseUrl(subdomain.value),
    maxPages: parsed.data.maxPages,
  };
}
