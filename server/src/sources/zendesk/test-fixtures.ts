/**
 * Integration fixtures: Zendesk sandboxes closed by closeAll(), a client pointed at one, instant
 * sleeps that record their waits, and a fetch that records what was sent.
 */
import { startZendeskSandbox, ZendeskSandbox, ZendeskSandboxOptions } from '../../../sandbox/zendesk';
import { silentLogger } from '../../lib/logger';
import { ZendeskClient } from './client';
import type { ZendeskClientOptions } from './client-options';
import { staticAccessToken, type TokenSource } from './token-source';

const open: ZendeskSandbox[] = [];

export const OAUTH_CLIENT = {
  clientId: 'user-sync',
  clientSecret: 'client-secret-for-tests',
  redirectUris: ['http://127.0.0.1:9/oauth/zendesk/callback'],
};

export async function sandbox(options: ZendeskSandboxOptions = {}): Promise<ZendeskSandbox> {
  const s = await startZendeskSandbox({ oauthClients: [OAUTH_CLIENT], ...options });
  open.push(s);
  return s;
}

export async function closeAll(): Promise<void> {
  await Promise.all(open.splice(0).map((s) => s.close()));
}

/** A sleep that returns at once and remembers what it was asked to wait. */
export function recordingSleep(onSleep?: (ms: number) => void): {
  sleep: (ms: number) => Promise<void>;
  waits: number[];
} {
  const waits: number[] = [];
  return {
    waits,
    sleep: async (ms) => {
      waits.push(ms);
      onSleep?.(ms);
    },
  };
}

/** Global fetch, with every request's URL and Authorization header logged in order. */
export function recordingFetch(log: Array<{ url: string; authorization?: string }>): typeof fetch {
  return async (input, init) => {
    const headers = new Headers(init?.headers);
    log.push({ url: String(input), authorization: headers.get('authorization') ?? undefined });
    return fetch(input, init);
  };
}

export function clientFor(
  s: ZendeskSandbox,
  extra: Partial<ZendeskClientOptions> & { tokens?: TokenSource } = {},
): ZendeskClient {
  return new ZendeskClient({
    subdomain: s.subdomain,
    baseUrl: s.url,
    tokens: extra.tokens ?? staticAccessToken(s.state.issueAccessToken()),
    logger: silentLogger(),
    random: () => 0,
    sleep: recordingSleep().sleep,
    ...extra,
  });
}

/** Every page of a listing, concatenated. */
export async function drain<T extends { users: unknown[] }>(pages: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const page of pages) out.push(page);
  return out;
}

/** `agents` agents, `admins` admins and `endUsers` end users, interleaved. */
export function seedTeam(
  s: ZendeskSandbox,
  counts: { agents: number; admins: number; endUsers: number },
): void {
  const order: Array<'agent' | 'admin' | 'end-user'> = [];
  for (let i = 0; i < counts.agents; i++) order.push('agent');
  for (let i = 0; i < counts.admins; i++) order.splice((i * 7) % (order.length + 1), 0, 'admin');
  for (let i = 0; i < counts.endUsers; i++) order.splice((i * 3) % (order.length + 1), 0, 'end-user');
  order.forEach((role, i) => s.state.addUser({ name: `${role} ${i}`, email: `u${i}@acme.test`, role }));
}
