/**
 * Test fixtures for the connect router: the companion's app on 127.0.0.1 with the router mounted at
 * the root (its public URL is only known once it listens, so the router is attached after), a store
 * on disk so tests can read the raw rows, and a logger whose output tests can search.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import Database from 'better-sqlite3';
import express, { type Router } from 'express';
import { parseKey, type SealingKey } from '../lib/crypto-box';
import { HttpClient } from '../lib/http-client';
import { createLogger, type Logger } from '../lib/logger';
import type { ZendeskSubdomain } from '../sources/zendesk/subdomain';
import { startZendeskSandbox, type ZendeskSandbox } from '../../sandbox/zendesk';
import { SqliteStore } from '../store/sqlite-store';
import { BINDING_COOKIE } from './browser-binding';
import { createConnectRouter } from './router';
import type { ConnectOptions } from './options';
import { connectLink, deriveLinkKey, linkClaims } from './signed-link';
import { TokenVault } from './token-vault';
import type { ConnectedEvent, Provider } from './types';

const cleanups: Array<() => Promise<void>> = [];

/** Registers something for closeAll() to close. */
export function onClose(close: () => Promise<void>): void {
  cleanups.push(close);
}

/** Closes everything the fixtures opened, most recent first. */
export async function closeAll(): Promise<void> {
  while (cleanups.length > 0) await cleanups.pop()!();
}

export function newKey(): SealingKey {
  const k = parseKey(randomBytes(32).toString('base64'));
  if (!k.ok) throw new Error(k.error);
  return k.value;
}

export function openStore(): { store: SqliteStore; path: string; rawRows: (table: string) => unknown[] } {
  const path = join(mkdtempSync(join(tmpdir(), 'connect-')), 'sync.db');
  const store = SqliteStore.open(path);
  cleanups.push(() => store.close());
  const rawRows = (table: string) => {
    const db = new Database(path, { readonly: true });
    try {
      return db.prepare(`SELECT * FROM ${table}`).all();
    } finally {
      db.close();
    }
  };
  return { store, path, rawRows };
}

export function capturedLogger(): { logger: Logger; text: () => string } {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { logger: createLogger({ level: 'debug' }, sink), text: () => lines.join('') };
}

export interface Companion {
  url: string;
  connected: ConnectedEvent[];
  /** The connect link the companion would write to Salesforce on CONNECT, at the router's clock. */
  link(provider: Provider, subdomain?: string, access?: 'write'): string;
}

/** The companion's HTTP side with the connect router, listening on 127.0.0.1:0. */
export async function startCompanion(
  options: Omit<ConnectOptions, 'publicUrl' | 'onConnected' | 'http'> &
    Partial<Pick<ConnectOptions, 'onConnected'>>,
): Promise<Companion> {
  const app = express();
  // The public URL is known only once the server listens, and the router needs it: mount late.
  const mounted: { router?: Router } = {};
  app.use((req, res, next) => (mounted.router ? mounted.router(req, res, next) : next()));
  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(0, '127.0.0.1', (error?: Error) => (error ? reject(error) : resolve(s)));
  });
  cleanups.push(
    () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  );
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const connected: ConnectedEvent[] = [];
  mounted.router = createConnectRouter({
    onConnected: async (event) => void connected.push(event),
    ...options,
    publicUrl: url,
    http: new HttpClient({ name: 'oauth', logger: options.logger, sleep: async () => {} }),
  });
  const linkKey = deriveLinkKey(options.key);
  const now = options.now ?? Date.now;
  return {
    url,
    connected,
    link: (provider, subdomain, access) =>
      connectLink(
        url,
        linkKey,
        linkClaims(provider, now(), subdomain as ZendeskSubdomain | undefined, access),
      ),
  };
}

/** The `name=value` of the binding cookie a response set, for the next request of that browser. */
export function bindingCookie(setCookie: string | string[] | undefined): string {
  const all = Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : [];
  const line = all.find((c) => c.startsWith(`${BINDING_COOKIE}=`));
  if (!line) throw new Error('no binding cookie was set');
  return line.split(';')[0];
}

/** The admin's browser opening a connect link: the provider's consent URL and the cookie it got. */
export async function startFlow(
  companion: Companion,
  provider: Provider,
  subdomain?: string,
): Promise<{ authorize: URL; cookie: string }> {
  const res = await fetch(companion.link(provider, subdomain), { redirect: 'manual' });
  if (res.status !== 302) throw new Error(`start answered ${res.status}: ${await res.text()}`);
  return {
    authorize: new URL(res.headers.get('location') ?? ''),
    cookie: bindingCookie(res.headers.getSetCookie()),
  };
}

/** The admin's browser at a provider: open `url`, expect a redirect, return where it points. */
export async function followRedirect(url: string): Promise<URL> {
  const res = await fetch(url, { redirect: 'manual' });
  if (res.status !== 302) throw new Error(`expected a redirect from ${url}, got ${res.status}`);
  return new URL(res.headers.get('location') ?? '');
}

/** path + query of a URL, for supertest against the companion. */
export const pathOf = (url: URL): string => `${url.pathname}${url.search}`;

/** The Zendesk OAuth client the fixtures register with the sandbox. */
export const ZENDESK_CLIENT = { clientId: 'user-sync', clientSecret: 'zendesk-secret-for-tests' };

export interface ZendeskSetup {
  companion: Companion;
  sandbox: ZendeskSandbox;
  vault: TokenVault;
  rawRows: (table: string) => unknown[];
  logs: () => string;
  /** The Zendesk base URL the router asked for, by subdomain. */
  baseUrl: jest.Mock;
  clock: { t: number };
}

/**
 * The connect router with Zendesk configured against a Zendesk sandbox that knows its callback, a
 * store on disk and a clock the test moves. The sandbox starts after the companion (it must know the
 * callback URL), so the router reaches it through `baseUrl`, resolved lazily.
 */
export async function zendeskSetup(
  extra: Partial<Pick<ConnectOptions, 'onConnected' | 'intercom'>> = {},
): Promise<ZendeskSetup> {
  const { store, rawRows } = openStore();
  const key = newKey();
  const { logger, text } = capturedLogger();
  const clock = { t: Date.parse('2026-11-22T10:00:00Z') };
  const target = { url: '' };
  const baseUrl = jest.fn(() => target.url);
  const companion = await startCompanion({
    store,
    key,
    logger,
    now: () => clock.t,
    zendesk: { ...ZENDESK_CLIENT, baseUrl },
    ...extra,
  });
  const sandbox = await startZendeskSandbox({
    oauthClients: [{ ...ZENDESK_CLIENT, redirectUris: [`${companion.url}/oauth/zendesk/callback`] }],
  });
  onClose(sandbox.close);
  target.url = sandbox.url;
  return { companion, sandbox, vault: new TokenVault(store, key), rawRows, logs: text, baseUrl, clock };
}

/** The connect link → the sandbox's consent (auto-approved) → the redirect back to our callback. */
export async function zendeskConsent(
  t: ZendeskSetup,
  subdomain = 'acme',
): Promise<{ back: URL; cookie: string }> {
  const { authorize, cookie } = await startFlow(t.companion, 'zendesk', subdomain);
  return { back: await followRedirect(authorize.toString()), cookie };
}
