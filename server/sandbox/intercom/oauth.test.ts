import { CODE_LIFETIME_MS } from './oauth-codes';
import { DEFAULT_OAUTH_CLIENT } from './server';
import { closeSandboxes, fakeClock, get, reply, startTestSandbox } from './test-helpers';

afterEach(closeSandboxes);

const REDIRECT = 'http://127.0.0.1:9/intercom/callback';

async function authorize(url: string, query: Record<string, string>, path = '/oauth') {
  return fetch(`${url}${path}?${new URLSearchParams(query)}`, { redirect: 'manual' });
}

async function codeFrom(url: string, state = 's-1'): Promise<string> {
  const res = await authorize(url, {
    client_id: DEFAULT_OAUTH_CLIENT.clientId,
    state,
    redirect_uri: REDIRECT,
  });
  return new URL(res.headers.get('location')!).searchParams.get('code')!;
}

async function exchange(url: string, params: Record<string, string>, json = false) {
  return reply(
    await fetch(`${url}/auth/eagle/token`, {
      method: 'POST',
      headers: { 'Content-Type': json ? 'application/json' : 'application/x-www-form-urlencoded' },
      body: json ? JSON.stringify(params) : new URLSearchParams(params).toString(),
    }),
  );
}

const secrets = {
  client_id: DEFAULT_OAUTH_CLIENT.clientId,
  client_secret: DEFAULT_OAUTH_CLIENT.clientSecret,
};

describe('GET /oauth', () => {
  it('auto-approves: redirects to redirect_uri with code and the same state', async () => {
    const sandbox = await startTestSandbox();
    for (const path of ['/oauth', '/a/oauth/connect']) {
      const res = await authorize(
        sandbox.url,
        {
          client_id: DEFAULT_OAUTH_CLIENT.clientId,
          state: 'xyz',
          redirect_uri: REDIRECT,
          response_type: 'code',
        },
        path,
      );
      expect(res.status).toBe(302);
      const location = new URL(res.headers.get('location')!);
      expect(`${location.origin}${location.pathname}`).toBe(REDIRECT);
      expect(location.searchParams.get('state')).toBe('xyz');
      expect(location.searchParams.get('code')).toMatch(/^[0-9a-f]{32}$/);
    }
    expect(sandbox.state.counters.oauth).toBe(2);
  });

  it('refuses an unknown client, a missing redirect_uri and plain http off loopback', async () => {
    const sandbox = await startTestSandbox();
    const id = DEFAULT_OAUTH_CLIENT.clientId;
    expect((await authorize(sandbox.url, { client_id: 'who', redirect_uri: REDIRECT })).status).toBe(400);
    expect((await authorize(sandbox.url, { client_id: id })).status).toBe(400);
    expect(
      (await authorize(sandbox.url, { client_id: id, redirect_uri: 'http://example.com/cb' })).status,
    ).toBe(400);
  });
});

describe('POST /auth/eagle/token', () => {
  it('exchanges a code for a non-expiring token (form or JSON) that works on the API', async () => {
    const sandbox = await startTestSandbox();
    const form = await exchange(sandbox.url, { code: await codeFrom(sandbox.url), ...secrets });
    expect(form.status).toBe(200);
    const body = form.json();
    expect(body).toEqual({ token_type: 'Bearer', token: expect.any(String), access_token: body.token });
    expect(body).not.toHaveProperty('refresh_token');
    expect(body).not.toHaveProperty('expires_in');
    expect((await get(sandbox.url, '/admins', { token: body.access_token })).status).toBe(200);

    const json = await exchange(sandbox.url, { code: await codeFrom(sandbox.url), ...secrets }, true);
    expect(json.status).toBe(200);
  });

  it('refuses a reused, unknown or expired code, a wrong secret and missing parameters', async () => {
    const clock = fakeClock();
    const sandbox = await startTestSandbox({ now: clock.now });
    const code = await codeFrom(sandbox.url);
    expect((await exchange(sandbox.url, { code, ...secrets, client_secret: 'wrong' })).status).toBe(401);
    // A refused client does not burn the code; a successful exchange does.
    expect((await exchange(sandbox.url, { code, ...secrets })).status).toBe(200);
    const reused = await exchange(sandbox.url, { code, ...secrets });
    expect(reused.status).toBe(400);
    expect(reused.json().errors[0].code).toBe('parameter_invalid');
    expect((await exchange(sandbox.url, { code: 'made-up', ...secrets })).status).toBe(400);

    const late = await codeFrom(sandbox.url);
    clock.advance(CODE_LIFETIME_MS + 1);
    expect((await exchange(sandbox.url, { code: late, ...secrets })).status).toBe(400);

    const missing = await exchange(sandbox.url, { client_id: secrets.client_id });
    expect(missing.status).toBe(400);
    expect(missing.json().errors[0].code).toBe('parameter_not_found');
  });
});
