import { DEFAULT_OAUTH_CLIENT } from '../../../sandbox/intercom';
import { HttpClient } from '../../lib/http-client';
import { silentLogger } from '../../lib/logger';
import { authorizeUrl, exchangeCode } from './oauth';
import { AUTHORIZE_URL } from './requests';
import { clientFor, closeAll, fakeClock, sandbox } from './test-sandbox';

afterEach(closeAll);

const STATE = 'state-0123456789abcdef';
const REDIRECT = 'http://127.0.0.1:9/oauth/intercom/callback';
const http = () => new HttpClient({ name: 'intercom', logger: silentLogger(), sleep: async () => {} });

describe('authorizeUrl', () => {
  it('builds the documented consent URL with client_id, state and redirect_uri, and no scopes', () => {
    const url = new URL(authorizeUrl({ clientId: 'abc', redirectUri: 'https://c.example/cb', state: STATE }));
    expect(`${url.origin}${url.pathname}`).toBe(AUTHORIZE_URL);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      client_id: 'abc',
      state: STATE,
      redirect_uri: 'https://c.example/cb',
    });
  });

  it('refuses a guessable state or an empty client id', () => {
    expect(() => authorizeUrl({ clientId: 'abc', redirectUri: REDIRECT, state: 'x' })).toThrow(/state/);
    expect(() => authorizeUrl({ clientId: ' ', redirectUri: REDIRECT, state: STATE })).toThrow(/clientId/);
  });
});

describe('the OAuth round trip against the sandbox', () => {
  async function codeFrom(url: string): Promise<string> {
    const consent = authorizeUrl({
      clientId: DEFAULT_OAUTH_CLIENT.clientId,
      redirectUri: REDIRECT,
      state: STATE,
      authorizeBase: `${url}/oauth`,
    });
    const res = await fetch(consent, { redirect: 'manual' });
    const back = new URL(res.headers.get('location')!);
    expect(back.searchParams.get('state')).toBe(STATE);
    return back.searchParams.get('code')!;
  }

  it('exchanges the code for a token that lists teammates', async () => {
    const s = await sandbox();
    const code = await codeFrom(s.url);
    const token = await exchangeCode(
      { code, clientId: DEFAULT_OAUTH_CLIENT.clientId, clientSecret: DEFAULT_OAUTH_CLIENT.clientSecret },
      { http: http(), tokenBaseUrl: s.url },
    );
    expect(token.ok).toBe(true);
    if (!token.ok) return;
    const listing = await clientFor(s, fakeClock(), { accessToken: token.value.accessToken }).listTeammates();
    expect(listing.teammates).toHaveLength(1);
  });

  it('returns err for a wrong secret, a reused code or missing input', async () => {
    const s = await sandbox();
    const code = await codeFrom(s.url);
    const deps = { http: http(), tokenBaseUrl: s.url };
    const base = {
      code,
      clientId: DEFAULT_OAUTH_CLIENT.clientId,
      clientSecret: DEFAULT_OAUTH_CLIENT.clientSecret,
    };

    const wrong = await exchangeCode({ ...base, clientSecret: 'nope' }, deps);
    expect(wrong).toEqual({
      ok: false,
      error: expect.objectContaining({ code: 'INTERCOM_OAUTH_FAILED', status: 401 }),
    });
    expect((await exchangeCode(base, deps)).ok).toBe(true);
    const reused = await exchangeCode(base, deps);
    expect(reused).toEqual({
      ok: false,
      error: expect.objectContaining({ code: 'INTERCOM_OAUTH_FAILED', status: 400 }),
    });
    expect((await exchangeCode({ ...base, code: '' }, deps)).ok).toBe(false);
    expect(s.state.counters.oauth).toBe(4); // authorize + three exchanges that reached the sandbox
  });
});
