import { randomBytes } from 'node:crypto';
import { s256 } from './tokens';
import { CLIENT, closeSandboxes, fakeClock, get, postJson, startTestSandbox } from './test-helpers';
import type { ZendeskSandbox } from './server';

afterEach(closeSandboxes);

const REDIRECT = CLIENT.redirectUris[0];

async function authorize(s: ZendeskSandbox, extra: Record<string, string> = {}): Promise<URL> {
  const q = new URLSearchParams({
    response_type: 'code',
    client_id: CLIENT.clientId,
    redirect_uri: REDIRECT,
    scope: 'read',
    state: 'st-1',
    ...extra,
  });
  const r = await get(`${s.url}/oauth/authorizations/new?${q.toString()}`);
  expect(r.status).toBe(302);
  return new URL(r.headers.get('location') ?? '');
}

const exchange = (s: ZendeskSandbox, code: string, extra: Record<string, string> = {}) =>
  postJson(`${s.url}/oauth/tokens`, {
    grant_type: 'authorization_code',
    code,
    client_id: CLIENT.clientId,
    client_secret: CLIENT.clientSecret,
    redirect_uri: REDIRECT,
    scope: 'read',
    ...extra,
  });

const refresh = (s: ZendeskSandbox, refreshToken: string) =>
  postJson(`${s.url}/oauth/tokens`, {
    grant_type: 'refresh_token',
    refresh_token: refreshToken,
    client_id: CLIENT.clientId,
    client_secret: CLIENT.clientSecret,
  });

describe('OAuth', () => {
  it('authorizes, exchanges a PKCE-bound code and serves the API with the token', async () => {
    const s = await startTestSandbox();
    const verifier = randomBytes(32).toString('base64url');
    const back = await authorize(s, { code_challenge: s256(verifier), code_challenge_method: 'S256' });
    expect(`${back.origin}${back.pathname}`).toBe(REDIRECT);
    expect(back.searchParams.get('state')).toBe('st-1');
    const code = back.searchParams.get('code') ?? '';

    const r = await exchange(s, code, { code_verifier: verifier });
    expect(r.status).toBe(200);
    expect(r.headers.get('cache-control')).toBe('no-store');
    const body = r.json();
    expect(body).toEqual({
      access_token: expect.any(String),
      refresh_token: expect.any(String),
      token_type: 'bearer',
      scope: 'read',
      expires_in: 1800,
      refresh_token_expires_in: 2_592_000,
    });
    expect((await get(`${s.url}/api/v2/users?page[size]=1`, body.access_token)).status).toBe(200);
    // Codes are single use.
    expect((await exchange(s, code, { code_verifier: verifier })).json().error).toBe('invalid_grant');
  });

  it('refuses a wrong or missing code_verifier', async () => {
    const s = await startTestSandbox();
    const challenge = s256('the-real-verifier-the-real-verifier-0123456');
    const code1 = (
      await authorize(s, { code_challenge: challenge, code_challenge_method: 'S256' })
    ).searchParams.get('code')!;
    const wrong = await exchange(s, code1, { code_verifier: 'another-verifier-another-verifier-0123456' });
    expect(wrong.status).toBe(400);
    expect(wrong.json().error).toBe('invalid_grant');
    const code2 = (
      await authorize(s, { code_challenge: challenge, code_challenge_method: 'S256' })
    ).searchParams.get('code')!;
    expect((await exchange(s, code2)).json().error).toBe('invalid_grant');
  });

  it('expires codes after 120 s', async () => {
    const clock = fakeClock();
    const s = await startTestSandbox({ now: clock.now });
    const code = (await authorize(s)).searchParams.get('code')!;
    clock.advance(120_001);
    expect((await exchange(s, code)).json().error).toBe('invalid_grant');
  });

  it('does not redirect to an unregistered redirect_uri; redirects protocol errors with the state', async () => {
    const s = await startTestSandbox();
    const bad = await get(
      `${s.url}/oauth/authorizations/new?response_type=code&client_id=${CLIENT.clientId}&redirect_uri=https://evil.test/cb&scope=read`,
    );
    expect(bad.status).toBe(400);
    expect(bad.headers.get('location')).toBeNull();
    const plain = await authorize(s, { code_challenge: 'abc', code_challenge_method: 'plain' });
    expect(plain.searchParams.get('error')).toBe('invalid_request');
    expect(plain.searchParams.get('state')).toBe('st-1');
  });

  it('rotates refresh tokens: the old refresh and access tokens die at once', async () => {
    const s = await startTestSandbox();
    const code = (await authorize(s)).searchParams.get('code')!;
    const first = (await exchange(s, code)).json();
    const second = await refresh(s, first.refresh_token);
    expect(second.status).toBe(200);
    const pair = second.json();
    expect(pair.refresh_token).not.toBe(first.refresh_token);
    const again = await refresh(s, first.refresh_token);
    expect(again.status).toBe(400);
    expect(again.json().error).toBe('invalid_grant');
    const old = await get(`${s.url}/api/v2/users?page[size]=1`, first.access_token);
    expect(old.status).toBe(401);
    expect(old.json().error).toBe('invalid_token');
    expect((await get(`${s.url}/api/v2/users?page[size]=1`, pair.access_token)).status).toBe(200);
  });

  it('expires access tokens after their lifetime (401 invalid_token)', async () => {
    const clock = fakeClock();
    const s = await startTestSandbox({ now: clock.now, accessTokenLifetimeSeconds: 600 });
    const token = s.state.issueAccessToken();
    expect((await get(`${s.url}/api/v2/users?page[size]=1`, token)).status).toBe(200);
    clock.advance(600_000);
    const r = await get(`${s.url}/api/v2/users?page[size]=1`, token);
    expect(r.status).toBe(401);
    expect(r.headers.get('www-authenticate')).toContain('invalid_token');
  });

  it('refuses a wrong client secret (401 invalid_client) and an unknown grant type', async () => {
    const s = await startTestSandbox();
    const code = (await authorize(s)).searchParams.get('code')!;
    const r = await exchange(s, code, { client_secret: 'nope' });
    expect(r.status).toBe(401);
    expect(r.json().error).toBe('invalid_client');
    const g = await postJson(`${s.url}/oauth/tokens`, { grant_type: 'implicit' });
    expect(g.json().error).toBe('unsupported_grant_type');
    expect(s.state.counters.oauth).toBe(3);
  });

  it('issues client_credentials tokens to a confidential client: scoped, no refresh token', async () => {
    const s = await startTestSandbox();
    const r = await postJson(`${s.url}/oauth/tokens`, {
      grant_type: 'client_credentials',
      client_id: CLIENT.clientId,
      client_secret: CLIENT.clientSecret,
      scope: 'users:read',
    });
    expect(r.status).toBe(200);
    const body = r.json();
    expect(body).toEqual({
      access_token: expect.any(String),
      token_type: 'bearer',
      scope: 'users:read',
      expires_in: 1800,
    });
    expect((await get(`${s.url}/api/v2/users?page[size]=1`, body.access_token)).status).toBe(200);
    expect((await get(`${s.url}/api/v2/custom_roles`, body.access_token)).status).toBe(403);
    const wrong = await postJson(`${s.url}/oauth/tokens`, {
      grant_type: 'client_credentials',
      client_id: CLIENT.clientId,
      client_secret: 'nope',
      scope: 'read',
    });
    expect(wrong.status).toBe(401);
  });

  it('no longer serves the deprecated password grant', async () => {
    const s = await startTestSandbox();
    const r = await postJson(`${s.url}/oauth/tokens`, {
      grant_type: 'password',
      client_id: CLIENT.clientId,
      client_secret: CLIENT.clientSecret,
      username: 'admin@acme.test',
      password: 'secret',
      scope: 'read',
    });
    expect(r.status).toBe(400);
    expect(r.json()).toMatchObject({ error: 'unsupported_grant_type' });
  });

  it('honours requested lifetimes within the documented bounds', async () => {
    const s = await startTestSandbox();
    const code = (await authorize(s)).searchParams.get('code')!;
    expect((await exchange(s, code, { expires_in: '200' })).json().error).toBe('invalid_request');
    const code2 = (await authorize(s)).searchParams.get('code')!;
    expect((await exchange(s, code2, { expires_in: '3600' })).json().expires_in).toBe(3600);
  });
});

describe('the consent page (consentPage: true)', () => {
  const params = new URLSearchParams({
    response_type: 'code',
    client_id: CLIENT.clientId,
    redirect_uri: REDIRECT,
    scope: 'read',
    state: 'st-2',
  });
  const decide = (s: ZendeskSandbox, decision: string) =>
    fetch(`${s.url}/oauth/authorizations/new`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams([...params, ['decision', decision]]).toString(),
      redirect: 'manual',
    });

  it('asks before approving: Allow sends a code back, Deny sends access_denied', async () => {
    const s = await startTestSandbox({ consentPage: true, subdomain: 'abc-energy' });
    const page = await get(`${s.url}/oauth/authorizations/new?${params.toString()}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain(`Allow ${CLIENT.clientId} to access abc-energy.zendesk.com?`);
    expect(page.text).toContain('value="st-2"');

    const allowed = new URL((await decide(s, 'allow')).headers.get('location') ?? '');
    expect(allowed.searchParams.get('state')).toBe('st-2');
    const code = allowed.searchParams.get('code') ?? '';
    expect((await exchange(s, code)).status).toBe(200);

    const denied = new URL((await decide(s, 'deny')).headers.get('location') ?? '');
    expect(denied.searchParams.get('error')).toBe('access_denied');
    expect(denied.searchParams.get('code')).toBeNull();
  });

  it('still refuses an unregistered redirect URI on the page, before asking', async () => {
    const s = await startTestSandbox({ consentPage: true });
    const page = await get(
      `${s.url}/oauth/authorizations/new?response_type=code&client_id=${CLIENT.clientId}&redirect_uri=https://evil.test/cb&scope=read`,
    );
    expect(page.status).toBe(400);
    expect(page.text).not.toContain('Allow');
  });
});
