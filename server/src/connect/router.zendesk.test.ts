import request from 'supertest';
import { silentLogger } from '../lib/logger';
import { STATE_PATTERN, DEFAULT_STATE_TTL_MS } from './state';
import {
  closeAll,
  followRedirect,
  newKey,
  openStore,
  pathOf,
  startCompanion,
  startFlow,
  ZENDESK_CLIENT,
  zendeskConsent,
  zendeskSetup,
  type ZendeskSetup,
} from './test-helpers';

afterEach(closeAll);

const CLIENT = ZENDESK_CLIENT;
const setup = zendeskSetup;
const consent = zendeskConsent;
type Setup = ZendeskSetup;

/** A start URL with a well-formed but unsigned link around `subdomain` (raw, as typed in a URL). */
const unsigned = (subdomain: string) =>
  `/oauth/zendesk/start?subdomain=${subdomain}&expires=${Math.floor(Date.now() / 1000) + 300}&nonce=${'N'.repeat(22)}&sig=${'A'.repeat(43)}`;

describe('Zendesk OAuth through the companion', () => {
  let t: Setup;

  it('start → Zendesk "Allow" → callback: tokens sealed in the store, the companion told', async () => {
    t = await setup();
    const link = new URL(t.companion.link('zendesk', 'acme'));
    link.searchParams.set('subdomain', ' ACME '); // as typed: normalised before the signature is checked
    const start = await request(t.companion.url).get(pathOf(link)).expect(302);
    expect(start.headers['cache-control']).toBe('no-store');
    const cookie = String(start.headers['set-cookie']).split(';')[0];
    const authorize = new URL(start.headers.location);
    expect(`${authorize.origin}${authorize.pathname}`).toBe(`${t.sandbox.url}/oauth/authorizations/new`);
    expect(t.baseUrl).toHaveBeenCalledWith('acme');
    const q = Object.fromEntries(authorize.searchParams);
    expect(q).toMatchObject({
      response_type: 'code',
      client_id: CLIENT.clientId,
      redirect_uri: `${t.companion.url}/oauth/zendesk/callback`,
      code_challenge_method: 'S256',
      scope: 'read',
    });
    expect(q.state).toMatch(STATE_PATTERN);
    expect(q.code_challenge).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const back = await followRedirect(authorize.toString());
    expect(back.searchParams.get('state')).toBe(q.state);
    const code = back.searchParams.get('code')!;
    const page = await request(t.companion.url).get(pathOf(back)).set('Cookie', cookie).expect(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.text).toContain('Zendesk connected — you can close this tab');
    expect(page.text).toContain('acme');
    expect(page.text).not.toContain(code);
    expect(t.companion.connected).toEqual([{ provider: 'zendesk', subdomain: 'acme', scope: 'read' }]);

    const grant = await t.vault.load('zendesk');
    if (!grant.ok || !grant.value) throw new Error('no tokens stored');
    expect(grant.value).toMatchObject({ subdomain: 'acme', scope: 'read' });
    const raw = JSON.stringify(t.rawRows('oauth_tokens'));
    expect(raw).toMatch(/"sealed":"v1\./);
    for (const secret of [grant.value.accessToken, grant.value.refreshToken, code])
      expect(raw).not.toContain(secret);
    expect(t.rawRows('oauth_states')).toEqual([]);
    for (const secret of [grant.value.accessToken, grant.value.refreshToken, code])
      expect(t.logs()).not.toContain(secret);

    // The stored token is the live one.
    const users = await fetch(`${t.sandbox.url}/api/v2/users`, {
      headers: { Authorization: `Bearer ${grant.value.accessToken}` },
    });
    expect(users.status).toBe(200);
  });

  it.each([
    ['a dotted host', 'evil.com'],
    ['a path', 'evil.com/x'],
    ['a user part', 'a@b'],
    ['dots', '..'],
    ['unicode', 'ac%C3%A9me'],
    ['a port', 'acme:8080'],
    ['a leading hyphen', '-acme'],
    ['empty', ''],
    ['spaces only', '%20%20'],
    ['too long', 'a'.repeat(64)],
  ])('refuses %s before building any URL', async (_name, subdomain) => {
    t = await setup();
    const res = await request(t.companion.url).get(unsigned(subdomain)).expect(400);
    expect(res.body).toEqual({ error: { code: 'ZENDESK_SUBDOMAIN_INVALID', message: expect.any(String) } });
    expect(res.headers.location).toBeUndefined();
    expect(t.baseUrl).not.toHaveBeenCalled();
    expect(t.rawRows('oauth_states')).toEqual([]);
    expect(t.sandbox.state.counters.oauth).toBe(0);
  });

  it('refuses a missing or repeated subdomain', async () => {
    t = await setup();
    const link = new URL(t.companion.link('zendesk', 'acme'));
    link.searchParams.delete('subdomain');
    await request(t.companion.url)
      .get(pathOf(link))
      .expect(400)
      .expect((res) => expect(res.body.error.code).toBe('ZENDESK_SUBDOMAIN_INVALID'));
    link.searchParams.append('subdomain', 'acme');
    link.searchParams.append('subdomain', 'evil');
    await request(t.companion.url)
      .get(pathOf(link))
      .expect(400)
      .expect((res) => expect(res.body.error.code).toBe('OAUTH_LINK_INVALID'));
    expect(t.baseUrl).not.toHaveBeenCalled();
  });

  it('refuses a replayed callback: the state is single use', async () => {
    t = await setup();
    const { back, cookie } = await consent(t);
    await request(t.companion.url).get(pathOf(back)).set('Cookie', cookie).expect(200);
    const again = await request(t.companion.url).get(pathOf(back)).set('Cookie', cookie).expect(400);
    expect(again.body.error.code).toBe('OAUTH_STATE_INVALID');
    expect(t.companion.connected).toHaveLength(1);
  });

  it('refuses a state older than its lifetime, without exchanging the code', async () => {
    t = await setup();
    const { back, cookie } = await consent(t);
    t.clock.t += DEFAULT_STATE_TTL_MS + 1;
    const res = await request(t.companion.url).get(pathOf(back)).set('Cookie', cookie).expect(400);
    expect(res.body.error.code).toBe('OAUTH_STATE_INVALID');
    expect(t.sandbox.state.counters.oauth).toBe(1); // the consent only, no token request
    expect(await t.vault.load('zendesk')).toEqual({ ok: true, value: undefined });
  });

  it('refuses unknown and forged states and a callback without a code', async () => {
    t = await setup();
    const { back, cookie } = await consent(t);
    const state = back.searchParams.get('state')!;
    const code = back.searchParams.get('code')!;
    const cases: Array<[string, string]> = [
      [`?code=${code}&state=${'A'.repeat(43)}`, 'OAUTH_STATE_INVALID'],
      [`?code=${code}&state=<script>`, 'OAUTH_STATE_INVALID'],
      [`?code=${code}`, 'OAUTH_CALLBACK_INVALID'],
      [`?state=${state}`, 'OAUTH_CALLBACK_INVALID'],
      [`?code=${code}&code=${code}&state=${state}`, 'OAUTH_CALLBACK_INVALID'],
    ];
    for (const [query, expected] of cases) {
      const res = await request(t.companion.url)
        .get(`/oauth/zendesk/callback${query}`)
        .set('Cookie', cookie)
        .expect(400);
      expect(res.body.error.code).toBe(expected);
      expect(res.text).not.toContain(code);
      expect(res.text).not.toContain('<script>');
    }
  });

  it('reports "access denied" and consumes the state', async () => {
    t = await setup();
    const { authorize, cookie } = await startFlow(t.companion, 'zendesk', 'acme');
    const state = authorize.searchParams.get('state')!;
    const denied = await request(t.companion.url)
      .get(`/oauth/zendesk/callback?error=access_denied&error_description=The+end-user+denied&state=${state}`)
      .expect(400);
    expect(denied.body).toEqual({
      error: { code: 'OAUTH_ACCESS_DENIED', message: 'The authorization was declined at the provider' },
    });
    const odd = await request(t.companion.url)
      .get(`/oauth/zendesk/callback?error=${encodeURIComponent('<b>x</b>')}`)
      .expect(400);
    expect(odd.body.error).toEqual({
      code: 'OAUTH_PROVIDER_ERROR',
      message: expect.not.stringContaining('<b>'),
    });
    const late = await request(t.companion.url)
      .get(`/oauth/zendesk/callback?code=c&state=${state}`)
      .set('Cookie', cookie)
      .expect(400);
    expect(late.body.error.code).toBe('OAUTH_STATE_INVALID');
    expect(t.companion.connected).toEqual([]);
  });

  it('answers a refused code exchange with ZENDESK_OAUTH_FAILED, echoing nothing', async () => {
    t = await setup();
    const { back, cookie } = await consent(t);
    const code = back.searchParams.get('code')!;
    back.searchParams.set('code', `${code}x`);
    const res = await request(t.companion.url).get(pathOf(back)).set('Cookie', cookie).expect(502);
    expect(res.body.error.code).toBe('ZENDESK_OAUTH_FAILED');
    expect(res.text).not.toContain(code);
    expect(t.logs()).not.toContain(code);
    expect(t.companion.connected).toEqual([]);
  });

  it('keeps the tokens but says so when the connection cannot be recorded', async () => {
    t = await setup({ onConnected: async () => Promise.reject(new Error('Salesforce is down')) });
    const { back, cookie } = await consent(t);
    const res = await request(t.companion.url).get(pathOf(back)).set('Cookie', cookie).expect(502);
    expect(res.body.error.code).toBe('OAUTH_STATUS_NOT_RECORDED');
    expect((await t.vault.load('zendesk')).ok).toBe(true);
  });
});

describe('a companion without Zendesk OAuth', () => {
  it('answers OAUTH_NOT_CONFIGURED', async () => {
    const { store } = openStore();
    const c = await startCompanion({ store, key: newKey(), logger: silentLogger() });
    const res = await request(c.url)
      .get(pathOf(new URL(c.link('zendesk', 'acme'))))
      .expect(404);
    expect(res.body.error.code).toBe('OAUTH_NOT_CONFIGURED');
    await request(c.url).get('/oauth/zendesk/callback?code=a&state=b').expect(404);
  });
});
