/**
 * What createConnectRouter needs, as plain values (main.ts reads the environment, nothing here does).
 * The plain parts are checked with zod at construction so a bad setup fails at start, not at the
 * first admin's click.
 */
import { z } from 'zod';
import type { SealingKey } from '../lib/crypto-box';
import { CompanionError } from '../lib/errors';
import { HttpClient } from '../lib/http-client';
import type { Logger } from '../lib/logger';
import type { ZendeskSubdomain } from '../sources/zendesk/subdomain';
import type { ConnectLinkStore, OAuthStateStore, TokenStore } from '../store/store';
import { cookieRules, type CookieRules } from './browser-binding';
import { deriveLinkKey, type LinkKey } from './signed-link';
import { DEFAULT_STATE_TTL_MS } from './state';
import type { ConnectedEvent, Provider } from './types';

export interface ConnectOptions {
  store: TokenStore & OAuthStateStore & ConnectLinkStore;
  /** From lib/crypto-box parseKey: seals the tokens, and (derived) signs the connect links. */
  key: SealingKey;
  /** The companion's public URL; callbacks are `${publicUrl}/oauth/{provider}/callback`. */
  publicUrl: string;
  zendesk?: {
    clientId: string;
    clientSecret: string;
    /** Default https://{subdomain}.zendesk.com; the sandbox's URL in tests and demos. */
    baseUrl?: (subdomain: ZendeskSubdomain) => string;
    /** Default zendesk DEFAULT_SCOPE ('read'). */
    scope?: string;
  };
  intercom?: {
    clientId: string;
    clientSecret: string;
    /** Consent page, default https://app.intercom.com/oauth. */
    authorizeBase?: string;
    /** Token exchange host, default https://api.intercom.io. */
    tokenBaseUrl?: string;
  };
  /** Awaited after the tokens are stored (the companion records the connection in Salesforce). */
  onConnected: (event: ConnectedEvent) => Promise<void>;
  logger: Logger;
  /** For the code exchanges; default: a client bounded well inside the codes' lifetimes. */
  http?: HttpClient;
  now?: () => number;
  stateTtlMs?: number;
}

const client = z.object({ clientId: z.string().trim().min(1), clientSecret: z.string().min(1) });
const httpUrl = z.url({ protocol: /^https?$/ });

const plain = z.object({
  publicUrl: httpUrl.refine((u) => !/[?#]/.test(u), 'publicUrl must not have a query or fragment'),
  zendesk: client.extend({ scope: z.string().trim().min(1).optional() }).optional(),
  intercom: client.extend({ authorizeBase: httpUrl.optional(), tokenBaseUrl: httpUrl.optional() }).optional(),
  stateTtlMs: z.number().int().positive().optional(),
});

export interface ResolvedOptions extends ConnectOptions {
  http: HttpClient;
  now: () => number;
  stateTtlMs: number;
  /** Checks the signed start links (signed-link.ts). */
  linkKey: LinkKey;
  /** The browser-binding cookie of each provider's flow (browser-binding.ts). */
  cookies: Record<Provider, CookieRules>;
}

export function resolveOptions(options: ConnectOptions): ResolvedOptions {
  const parsed = plain.safeParse(options);
  if (!parsed.success)
    throw new CompanionError(
      'CONFIG_INVALID',
      `connect router: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  if (options.key?.length !== 32)
    throw new CompanionError('CONFIG_INVALID', 'connect router: key must come from parseKey');
  const publicUrl = options.publicUrl.replace(/\/+$/, '');
  const stateTtlMs = options.stateTtlMs ?? DEFAULT_STATE_TTL_MS;
  return {
    ...options,
    publicUrl,
    // Zendesk codes live 120 s: two tries of at most 15 s, short waits, so the
    // exchange either succeeds or fails while the admin is still looking at the page.
    http:
      options.http ??
      new HttpClient({
        name: 'oauth',
        logger: options.logger,
        timeoutMs: 15_000,
        maxAttempts: 2,
        maxRateLimitWaits: 1,
        timing: { maxDelayMs: 5_000, maxHeaderWaitMs: 10_000 },
      }),
    now: options.now ?? Date.now,
    stateTtlMs,
    linkKey: deriveLinkKey(options.key),
    // The cookie lives as long as the state it binds: past that the callback is refused anyway.
    cookies: {
      zendesk: cookieRules(publicUrl, 'zendesk', stateTtlMs),
      intercom: cookieRules(publicUrl, 'intercom', stateTtlMs),
    },
  };
}

export const callbackUrl = (o: { publicUrl: string }, provider: string): string =>
  `${o.publicUrl}/oauth/${provider}/callback`;
