import request from 'supertest';
import { DEFAULT_OAUTH_CLIENT, startIntercomSandbox, type IntercomSandbox } from '../../sandbox/intercom';
import { INTERCOM_VERSION } from '../sources/intercom/requests';
import { STATE_PATTERN } from './state';
import {
  capturedLogger,
  closeAll,
  followRedirect,
  newKey,
  onClose,
  openStore,
  pathOf,
  startCompanion,
  startFlow,
  type Companion,
} from './test-helpers';
import { TokenVault } from './token-vault';

afterEach(closeAll);

interface Setup {
  companion: Companion;
  sandbox: IntercomSandbox;
  vault: TokenVault;
  rawRows: (table: string) => unknown[];
  logs: () => string;
}

async function setup(clientSecret: string = DEFAULT_OAUTH_CLIENT.clientSecret): Promise<Setup> {
  const sandbox = await startIntercomSandbox();
  onClose(sandbox.close);
  const { store, rawRows } = openStore();
  const key = newKey();
  const { logger, text } = capturedLogger();
  const companion = await startCompanion({
    store,
    key,
    logger,
    zendesk: { clientId: 'z', clientSecret: 'z', baseUrl: () => sandbox.url },
    intercom: {
      clientId: DEFAULT_OAUTH_CLIENT.clientId,
      clientSecret,
      authorizeBase: `${sandbox.url}/oauth`,
      tokenBaseUrl: sandbox.url,
    },
  });
  return { companion, sandbox, vault: new TokenVault(store, key), rawRows, logs: text };
}

describe('Intercom OAuth through the companion', () => {
  it('start → Intercom consent → callback: token sealed in the store, the companion told', async () => {
    const t = await setup();
    const { authorize, cookie } = await startFlow(t.companion, 'intercom');
    expect(`${authorize.origin}${authorize.pathname}`).toBe(`${t.sandbox.url}/oauth`);
    expect(Object.fromEntries(authorize.searchParams)).toEqual({
      client_id: DEFAULT_OAUTH_CLIENT.clientId,
      state: expect.stringMatching(STATE_PATTERN),
      redirect_uri: `${t.companion.url}/oauth/intercom/callback`,
    });

    const back = await followRedirect(authorize.toString());
    const code = back.searchParams.get('code')!;
    const page = await request(t.companion.url).get(pathOf(back)).set('Cookie', cookie).expect(200);
    expect(page.text).toContain('Intercom connected — you can close this tab');
    expect(t.companion.connected).toEqual([{ provider: 'intercom' }]);

    const grant = await t.vault.load('intercom');
    if (!grant.ok || !grant.value) throw new Error('no token stored');
    const raw = JSON.stringify(t.rawRows('oauth_tokens'));
    expect(raw).not.toContain(grant.value.accessToken);
    expect(raw).not.toContain(code);
    expect(t.logs()).not.toContain(grant.value.accessToken);
    expect(t.logs()).not.toContain(code);

    const admins = await fetch(`${t.sandbox.url}/admins`, {
      headers: { Authorization: `Bearer ${grant.value.accessToken}`, 'Intercom-Version': INTERCOM_VERSION },
    });
    expect(admins.status).toBe(200);

    await request(t.companion.url)
      .get(pathOf(back))
      .set('Cookie', cookie)
      .expect(400)
      .expect((res) => expect(res.body.error.code).toBe('OAUTH_STATE_INVALID'));
  });

  it("refuses a Zendesk flow's state at the Intercom callback", async () => {
    const t = await setup();
    const { authorize, cookie } = await startFlow(t.companion, 'zendesk', 'acme');
    const state = authorize.searchParams.get('state')!;
    const res = await request(t.companion.url)
      .get(`/oauth/intercom/callback?code=abc&state=${state}`)
      .set('Cookie', cookie)
      .expect(400);
    expect(res.body.error.code).toBe('OAUTH_STATE_INVALID');
    expect(t.sandbox.state.counters.oauth).toBe(0);
  });

  it('reports "access denied"', async () => {
    const t = await setup();
    const { authorize } = await startFlow(t.companion, 'intercom');
    const state = authorize.searchParams.get('state')!;
    const res = await request(t.companion.url)
      .get(`/oauth/intercom/callback?error=access_denied&state=${state}`)
      .expect(400);
    expect(res.body.error.code).toBe('OAUTH_ACCESS_DENIED');
    expect(t.companion.connected).toEqual([]);
  });

  it('answers a refused exchange with INTERCOM_OAUTH_FAILED and stores nothing', async () => {
    const t = await setup('not-the-secret');
    const { authorize, cookie } = await startFlow(t.companion, 'intercom');
    const back = await followRedirect(authorize.toString());
    const res = await request(t.companion.url).get(pathOf(back)).set('Cookie', cookie).expect(502);
    expect(res.body.error.code).toBe('INTERCOM_OAUTH_FAILED');
    expect(res.text).not.toContain(back.searchParams.get('code')!);
    expect(await t.vault.load('intercom')).toEqual({ ok: true, value: undefined });
  });
});
