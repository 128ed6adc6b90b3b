import express from 'express';
import request from 'supertest';
import { silentLogger } from '../lib/logger';
import { SqliteStore } from '../store/sqlite-store';
import { BINDING_COOKIE } from './browser-binding';
import { createConnectRouter } from './router';
import { LINK_TTL_MS } from './signed-link';
import { closeAll, followRedirect, newKey, onClose, pathOf, startFlow, zendeskSetup } from './test-helpers';

afterEach(closeAll);

const setup = () =>
  zendeskSetup({ intercom: { clientId: 'i', clientSecret: 'i', authorizeBase: 'http://127.0.0.1:9/oauth' } });

const cookieLine = (res: { headers: Record<string, unknown> }): string =>
  ([res.headers['set-cookie']].flat() as string[]).find((c) => c.startsWith(`${BINDING_COOKIE}=`)) ?? '';

describe('the start page opens only from a connect link', () => {
  it('refuses a start without a link, storing nothing and calling no provider', async () => {
    const t = await setup();
    for (const path of ['/oauth/zendesk/start?subdomain=acme', '/oauth/intercom/start']) {
      const res = await request(t.companion.url).get(path).expect(400);
      expect(res.body.error.code).toBe('OAUTH_LINK_MISSING');
      expect(res.headers.location).toBeUndefined();
      expect(res.headers['set-cookie']).toBeUndefined();
    }
    expect(t.rawRows('oauth_states')).toEqual([]);
    expect(t.sandbox.state.counters.oauth).toBe(0);
  });

  it('refuses an expired link', async () => {
    const t = await setup();
    const link = new URL(t.companion.link('zendesk', 'acme'));
    t.clock.t += LINK_TTL_MS;
    const res = await request(t.companion.url).get(pathOf(link)).expect(400);
    expect(res.body.error).toEqual({
      code: 'OAUTH_LINK_EXPIRED',
      message: 'This connect link has expired; click Connect again',
    });
    expect(t.rawRows('oauth_states')).toEqual([]);
  });

  it('refuses a tampered link, and one for another subdomain or provider', async () => {
    const t = await setup();
    const link = new URL(t.companion.link('zendesk', 'acme'));
    const variants: string[] = [];
    const other = new URL(link);
    other.searchParams.set('subdomain', 'evil');
    variants.push(pathOf(other));
    const later = new URL(link);
    later.searchParams.set('expires', String(Number(link.searchParams.get('expires')) + 1));
    variants.push(pathOf(later));
    variants.push(`/oauth/intercom/start${link.search}`);
    variants.push(`/oauth/zendesk/start${new URL(t.companion.link('intercom')).search}&subdomain=acme`);
    for (const path of variants) {
      const res = await request(t.companion.url).get(path).expect(400);
      expect(res.body.error.code).toBe('OAUTH_LINK_INVALID');
    }
    expect(t.rawRows('oauth_states')).toEqual([]);
    expect(t.sandbox.state.counters.oauth).toBe(0);
    expect(t.logs()).toContain('connect link refused at start');
    expect(t.logs()).not.toContain(link.searchParams.get('sig')!);
  });
});

describe('the OAuth state is bound to the browser that opened the link', () => {
  it('sets an HttpOnly, SameSite=Lax cookie scoped to the provider, and stores only its hash', async () => {
    const t = await setup();
    const res = await request(t.companion.url).get(pathOf(new URL(t.companion.link('zendesk', 'acme'))));
    expect(res.status).toBe(302);
    const line = cookieLine(res);
    const nonce = line.split(';')[0].split('=')[1];
    expect(nonce).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(line).toMatch(/; Max-Age=600;/);
    expect(line).toContain('; Path=/oauth/zendesk;');
    expect(line).toContain('; HttpOnly');
    expect(line).toContain('; SameSite=Lax');
    expect(line).not.toContain('Secure'); // http public URL
    const rows = t.rawRows('oauth_states') as Array<Record<string, unknown>>;
    expect(rows).toHaveLength(1);
    expect(rows[0].browser_hash).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(JSON.stringify(rows)).not.toContain(nonce);
  });

  it('marks the cookie Secure behind an https public URL, on the public path', async () => {
    const key = newKey();
    const store = SqliteStore.open(':memory:');
    onClose(() => store.close());
    const app = express().use(
      createConnectRouter({
        store,
        key,
        publicUrl: 'https://sync.acme.test/companion',
        intercom: { clientId: 'i', clientSecret: 's' },
        onConnected: async () => {},
        logger: silentLogger(),
      }),
    );
    // What the companion writes to Salesforce for Intercom, opened through a prefix-stripping proxy.
    const { connectLink, deriveLinkKey, linkClaims } = await import('./signed-link');
    const link = new URL(
      connectLink('https://sync.acme.test/companion', deriveLinkKey(key), linkClaims('intercom', Date.now())),
    );
    const res = await request(app).get(`/oauth/intercom/start${link.search}`).expect(302);
    expect(cookieLine(res)).toContain('; Path=/companion/oauth/intercom;');
    expect(cookieLine(res)).toContain('; Secure');
  });

  it('refuses the callback in a browser without the cookie, before exchanging the code', async () => {
    const t = await setup();
    const { authorize } = await startFlow(t.companion, 'zendesk', 'acme');
    const back = await followRedirect(authorize.toString());
    const res = await request(t.companion.url).get(pathOf(back)).expect(400);
    expect(res.body.error.code).toBe('OAUTH_COOKIE_MISSING');
    expect(t.sandbox.state.counters.oauth).toBe(1); // the consent only
    expect(await t.vault.load('zendesk')).toEqual({ ok: true, value: undefined });
    expect(t.companion.connected).toEqual([]);
    // The state is spent: the right browser cannot finish this flow any more either.
    expect(t.rawRows('oauth_states')).toEqual([]);
  });

  it("refuses the callback with another flow's cookie (login CSRF), and clears the cookie", async () => {
    const t = await setup();
    // The attacker's flow, stopped at the callback; the admin's own flow in progress in their browser.
    const attacker = await startFlow(t.companion, 'zendesk', 'acme');
    const attackerBack = await followRedirect(attacker.authorize.toString());
    const admin = await startFlow(t.companion, 'zendesk', 'acme');
    const res = await request(t.companion.url)
      .get(pathOf(attackerBack))
      .set('Cookie', admin.cookie)
      .expect(400);
    expect(res.body.error.code).toBe('OAUTH_COOKIE_MISMATCH');
    expect(cookieLine(res)).toMatch(/^user_sync_oauth=; Path=\/oauth\/zendesk; Expires=Thu, 01 Jan 1970/);
    expect(await t.vault.load('zendesk')).toEqual({ ok: true, value: undefined });
  });

  it('clears the cookie after a successful callback', async () => {
    const t = await setup();
    const { authorize, cookie } = await startFlow(t.companion, 'zendesk', 'acme');
    const back = await followRedirect(authorize.toString());
    const res = await request(t.companion.url).get(pathOf(back)).set('Cookie', cookie).expect(200);
    expect(cookieLine(res)).toMatch(/^user_sync_oauth=; .*Expires=Thu, 01 Jan 1970/);
    expect(t.companion.connected).toEqual([{ provider: 'zendesk', subdomain: 'acme', scope: 'read' }]);
  });
});
