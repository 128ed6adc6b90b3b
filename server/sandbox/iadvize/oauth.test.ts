import { DEFAULT_ADMIN } from './server';
import { closeSandboxes, fakeClock, login, postToken, startTestSandbox } from './test-helpers';

afterEach(closeSandboxes);

const grant = (overrides: Record<string, string> = {}) => ({
  username: DEFAULT_ADMIN.email,
  password: DEFAULT_ADMIN.password,
  grant_type: 'password',
  ...overrides,
});

describe('POST /oauth2/token', () => {
  it('issues a Bearer token for 24 h by default, with the documented body', async () => {
    const sandbox = await startTestSandbox();
    const res = await postToken(sandbox.url, grant());
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({
      access_token: expect.any(String),
      expires_in: 86400,
      token_type: 'Bearer',
      refresh_token: 'none',
    });
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(sandbox.state.counters.token).toBe(1);
  });

  it('accepts the username in any case', async () => {
    const sandbox = await startTestSandbox();
    expect(
      (await postToken(sandbox.url, grant({ username: DEFAULT_ADMIN.email.toUpperCase() }))).status,
    ).toBe(200);
  });

  it('refuses wrong credentials, other grants, missing fields and JSON bodies with OAuth errors', async () => {
    const sandbox = await startTestSandbox();
    const wrong = await postToken(sandbox.url, grant({ password: 'nope' }));
    expect(wrong.status).toBe(400);
    expect(wrong.json()).toEqual({ error: 'invalid_grant', error_description: expect.any(String) });
    expect((await postToken(sandbox.url, grant({ username: 'someone@else.com' }))).status).toBe(400);

    const otherGrant = await postToken(sandbox.url, grant({ grant_type: 'client_credentials' }));
    expect(otherGrant.status).toBe(400);
    expect(otherGrant.json()).toMatchObject({ error: 'unsupported_grant_type' });

    const missing = await postToken(sandbox.url, { grant_type: 'password', username: DEFAULT_ADMIN.email });
    expect(missing.json()).toMatchObject({ error: 'invalid_request' });

    const json = await fetch(`${sandbox.url}/oauth2/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(grant()),
    });
    expect(json.status).toBe(400);
    expect(await json.json()).toMatchObject({ error: 'invalid_request' });
  });

  it('limits logins per user per minute with 429 and Retry-After, counting refused attempts too', async () => {
    const clock = fakeClock();
    const sandbox = await startTestSandbox({ now: clock.now, loginLimitPerUserPerMinute: 3 });
    for (let i = 0; i < 3; i++) expect((await postToken(sandbox.url, grant())).status).toBe(200);
    clock.advance(30_000);
    const limited = await postToken(sandbox.url, grant());
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('30');
    expect(sandbox.state.counters.loginLimited).toBe(1);

    // At 60 s the first three leave the window but the refused attempt stays: two slots, not three.
    clock.advance(30_000);
    expect((await postToken(sandbox.url, grant())).status).toBe(200);
    expect((await postToken(sandbox.url, grant())).status).toBe(200);
    expect((await postToken(sandbox.url, grant())).status).toBe(429);
  });

  it('limits logins per IP across users', async () => {
    const sandbox = await startTestSandbox({ loginLimitPerIpPerMinute: 2 });
    await postToken(sandbox.url, grant({ username: 'a@x.com' }));
    await postToken(sandbox.url, grant({ username: 'b@x.com' }));
    expect((await postToken(sandbox.url, grant())).status).toBe(429);
  });

  it('lets tokens expire after their lifetime', async () => {
    const clock = fakeClock();
    const sandbox = await startTestSandbox({ now: clock.now, tokenLifetimeSeconds: 60 });
    const token = await login(sandbox.url);
    const check = () =>
      fetch(`${sandbox.url}/_authenticated`, { headers: { Authorization: `Bearer ${token}` } });
    expect((await check()).status).toBe(200);
    clock.advance(60_000);
    expect((await check()).status).toBe(401);
  });
});

describe('GET /_authenticated', () => {
  it('answers authenticated:true for a live token and the documented invalid_token body otherwise', async () => {
    const sandbox = await startTestSandbox();
    const token = await login(sandbox.url);
    const ok = await fetch(`${sandbox.url}/_authenticated`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(await ok.json()).toEqual({ authenticated: true });

    sandbox.state.expireAllTokens();
    const expired = await fetch(`${sandbox.url}/_authenticated`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(expired.status).toBe(401);
    expect(await expired.json()).toEqual({
      error_description: 'access token not valid',
      error: 'invalid_token',
    });

    const none = await fetch(`${sandbox.url}/_authenticated`);
    expect(none.status).toBe(401);
  });
});
