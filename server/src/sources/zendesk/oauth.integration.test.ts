import { HttpClient } from '../../lib/http-client';
import { silentLogger } from '../../lib/logger';
import { authorizeUrl, createPkcePair, exchangeCode, refreshTokens } from './oauth';
import { RotatingTokenSource } from './token-source';
import type { TokenPair } from './types';
import { clientFor, closeAll, drain, OAUTH_CLIENT, recordingFetch, sandbox, seedTeam } from './test-fixtures';
import type { ZendeskSandbox } from '../../../sandbox/zendesk';

afterEach(closeAll);

const REDIRECT = OAUTH_CLIENT.redirectUris[0];
const http = (fetchImpl?: typeof fetch) =>
  new HttpClient({
    name: 'zendesk',
    logger: silentLogger(),
    sleep: async () => {},
    ...(fetchImpl ? { fetch: fetchImpl } : {}),
  });

/** The admin's browser: open the authorize URL, read the code off the redirect. */
async function consent(s: ZendeskSandbox, state: string, challenge: string): Promise<URL> {
  const url = authorizeUrl({
    subdomain: s.subdomain,
    baseUrl: s.url,
    clientId: OAUTH_CLIENT.clientId,
    redirectUri: REDIRECT,
    state,
    codeChallenge: challenge,
  });
  if (!url.ok) throw new Error(url.error);
  const res = await fetch(url.value, { redirect: 'manual' });
  expect(res.status).toBe(302);
  return new URL(res.headers.get('location') ?? '');
}

async function connect(s: ZendeskSandbox): Promise<TokenPair> {
  const pkce = createPkcePair();
  const back = await consent(s, 'state-1', pkce.challenge);
  const pair = await exchangeCode(http(), {
    baseUrl: s.url,
    clientId: OAUTH_CLIENT.clientId,
    clientSecret: OAUTH_CLIENT.clientSecret,
    redirectUri: REDIRECT,
    code: back.searchParams.get('code') ?? '',
    codeVerifier: pkce.verifier,
  });
  if (!pair.ok) throw new Error(pair.error.detail);
  return pair.value;
}

const creds = (s: ZendeskSandbox) => ({
  baseUrl: s.url,
  clientId: OAUTH_CLIENT.clientId,
  clientSecret: OAUTH_CLIENT.clientSecret,
});

describe('Zendesk OAuth against the sandbox', () => {
  it('authorize → code → tokens, with state and PKCE checked', async () => {
    const s = await sandbox();
    const pkce = createPkcePair();
    const back = await consent(s, 'state-42', pkce.challenge);
    expect(back.searchParams.get('state')).toBe('state-42');
    const code = back.searchParams.get('code') ?? '';
    const wrong = await exchangeCode(http(), {
      ...creds(s),
      redirectUri: REDIRECT,
      code,
      codeVerifier: createPkcePair().verifier,
    });
    expect(wrong).toEqual({ ok: false, error: expect.objectContaining({ code: 'ZENDESK_AUTH_FAILED' }) });

    const pair = await connect(s);
    expect(pair).toEqual({
      accessToken: expect.any(String),
      refreshToken: expect.any(String),
      expiresAtMs: expect.any(Number),
      refreshExpiresAtMs: expect.any(Number),
      scope: 'read',
    });
  });

  it('refuses to build an authorize URL for a hostile subdomain', () => {
    const r = authorizeUrl({
      subdomain: 'evil.com/x?',
      clientId: 'c',
      redirectUri: REDIRECT,
      state: 's',
      codeChallenge: 'c',
    });
    expect(r.ok).toBe(false);
  });

  it('rotates: saves the new pair before using it, and the old refresh token is refused', async () => {
    let clock = Date.now();
    const now = () => clock;
    const s = await sandbox({ now });
    seedTeam(s, { agents: 3, admins: 0, endUsers: 0 });
    const initial = await connect(s);
    const events: string[] = [];
    const saved: TokenPair[] = [];
    const log: Array<{ url: string; authorization?: string }> = [];
    const tokens = new RotatingTokenSource({
      initial,
      now,
      logger: silentLogger(),
      refresh: (refreshToken) => refreshTokens(http(), { ...creds(s), refreshToken }, now),
      save: async (pair) => {
        events.push(`save ${pair.accessToken}`);
        saved.push(pair);
      },
    });
    const fetchLog = recordingFetch(log);
    const client = clientFor(s, {
      tokens,
      now,
      http: {
        fetch: async (input, init) => {
          const res = await fetchLog(input, init);
          events.push(`request ${log[log.length - 1].authorization}`);
          return res;
        },
      },
    });
    await drain(client.listTeamUsers({ roles: ['agent'], customRoleIds: [] }));
    expect(saved).toHaveLength(0);

    clock += 26 * 60_000; // within 5 minutes of the 30-minute lifetime: refreshed before use
    const pages = await drain(client.listTeamUsers({ roles: ['agent'], customRoleIds: [] }));
    expect(pages[0].users).toHaveLength(3);
    expect(saved).toHaveLength(1);
    expect(saved[0].refreshToken).not.toBe(initial.refreshToken);
    expect(events.slice(-2)).toEqual([
      `save ${saved[0].accessToken}`,
      `request Bearer ${saved[0].accessToken}`,
    ]);

    const old = await refreshTokens(http(), { ...creds(s), refreshToken: initial.refreshToken }, now);
    expect(old).toEqual({
      ok: false,
      error: expect.objectContaining({ code: 'ZENDESK_AUTH_FAILED', status: 400 }),
    });
  });

  it('a refresh whose answer is lost is not sent again with the refresh token Zendesk just rotated away', async () => {
    const s = await sandbox();
    const initial = await connect(s);
    let refreshes = 0;
    // Zendesk receives and applies the refresh; its answer never comes back.
    const lostAnswer: typeof fetch = async (input, init) => {
      const res = await fetch(input, init);
      if (String(input).endsWith('/oauth/tokens')) {
        refreshes += 1;
        throw Object.assign(new Error('The operation was aborted due to timeout'), { name: 'TimeoutError' });
      }
      return res;
    };
    const refresh = refreshTokens(http(lostAnswer), { ...creds(s), refreshToken: initial.refreshToken });
    // A transport failure, not "refused": the run fails without telling the admin to connect again.
    await expect(refresh).rejects.toMatchObject({ code: 'ZENDESK_UNAVAILABLE' });
    expect(refreshes).toBe(1);
  });

  it('an expired access token is refreshed once and the call succeeds', async () => {
    const s = await sandbox();
    seedTeam(s, { agents: 2, admins: 0, endUsers: 0 });
    const saved: TokenPair[] = [];
    const tokens = new RotatingTokenSource({
      initial: await connect(s),
      logger: silentLogger(),
      refresh: (refreshToken) => refreshTokens(http(), { ...creds(s), refreshToken }),
      save: async (pair) => void saved.push(pair),
    });
    s.state.expireAccessTokens();
    s.state.resetCounters();
    const pages = await drain(
      clientFor(s, { tokens }).listTeamUsers({ roles: ['agent'], customRoleIds: [] }),
    );
    expect(pages[0].users).toHaveLength(2);
    expect(saved).toHaveLength(1);
    expect(s.state.counters.oauth).toBe(1);
    expect(s.state.counters.byPath['GET /api/v2/users']).toBe(2); // the 401, then the retry
  });

  it('a refused refresh ends the listing as incomplete, asking for a new authorization', async () => {
    const s = await sandbox();
    const initial = await connect(s);
    const tokens = new RotatingTokenSource({
      initial: { ...initial, refreshToken: 'revoked' },
      logger: silentLogger(),
      refresh: (refreshToken) => refreshTokens(http(), { ...creds(s), refreshToken }),
      save: async () => {},
    });
    s.state.expireAccessTokens();
    await expect(
      drain(clientFor(s, { tokens }).listTeamUsers({ roles: ['agent'], customRoleIds: [] })),
    ).rejects.toMatchObject({
      code: 'ZENDESK_LISTING_INCOMPLETE',
      reason: 'ZENDESK_AUTH_FAILED',
      message: expect.stringContaining('authorize Zendesk again'),
    });
  });
});
