/**
 * OAuth scopes limit what a token can call, by HTTP method (read: GET; write: POST, PUT, PATCH,
 * DELETE) and resource (`users:read`, `users:write`, or a bare `users` for both), as Zendesk documents
 * for its tokens. API-token Basic auth acts as the user, with no scope.
 */
import { closeSandboxes, get, startTestSandbox } from './test-helpers';

afterEach(closeSandboxes);

const FORBIDDEN = (scope: string) => ({
  error: 'Forbidden',
  description: `You are missing the following required scopes: ${scope}`,
});

async function send(url: string, method: string, token: string) {
  const res = await fetch(url, {
    method,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    ...(method === 'GET' ? {} : { body: JSON.stringify({ user: { name: 'Ada', email: 'ada@acme.test' } }) }),
  });
  return { status: res.status, body: (await res.json()) as unknown };
}

describe('OAuth scopes', () => {
  it('lets read tokens list users and custom roles, and refuses them every write', async () => {
    const s = await startTestSandbox();
    const token = s.state.issueAccessToken('read');
    expect((await get(`${s.url}/api/v2/users?page[size]=1`, token)).status).toBe(200);
    expect((await get(`${s.url}/api/v2/custom_roles`, token)).status).toBe(200);
    for (const method of ['POST', 'PUT', 'DELETE']) {
      const r = await send(`${s.url}/api/v2/users`, method, token);
      expect(r).toEqual({ status: 403, body: FORBIDDEN('users:write') });
    }
  });

  it('limits resource scopes to their resource: users:read reads users, not custom roles', async () => {
    const s = await startTestSandbox();
    const u = s.state.addUser({ name: 'A', email: 'a@acme.test', role: 'agent' });
    const token = s.state.issueAccessToken('users:read');
    expect((await get(`${s.url}/api/v2/users?page[size]=1`, token)).status).toBe(200);
    expect((await get(`${s.url}/api/v2/users/${u.id}.json`, token)).status).toBe(200);
    const roles = await get(`${s.url}/api/v2/custom_roles`, token);
    expect(roles.status).toBe(403);
    expect(roles.json()).toEqual(FORBIDDEN('read'));
    expect((await send(`${s.url}/api/v2/users`, 'POST', token)).status).toBe(403);
    const tickets = await get(`${s.url}/api/v2/users?page[size]=1`, s.state.issueAccessToken('tickets:read'));
    expect(tickets.status).toBe(403);
    expect(tickets.json()).toEqual(FORBIDDEN('users:read'));
  });

  it('lets users:write and a bare users scope past the scope check on writes', async () => {
    const s = await startTestSandbox();
    for (const scope of ['users:write', 'users', 'write', 'read users:write']) {
      // Past the scope check; the sandbox serves no user writes yet, so the route is unknown.
      const r = await send(`${s.url}/api/v2/users`, 'POST', s.state.issueAccessToken(scope));
      expect([scope, r.status]).toEqual([scope, 404]);
    }
    expect((await get(`${s.url}/api/v2/users?page[size]=1`, s.state.issueAccessToken('users'))).status).toBe(
      200,
    );
    const writeOnly = await get(
      `${s.url}/api/v2/users?page[size]=1`,
      s.state.issueAccessToken('users:write'),
    );
    expect(writeOnly.status).toBe(403);
  });

  it('forbids everything to a token issued with a scope Zendesk does not know', async () => {
    const s = await startTestSandbox();
    const token = s.state.issueAccessToken('read userz:write');
    const r = await get(`${s.url}/api/v2/users?page[size]=1`, token);
    expect(r.status).toBe(403);
    expect(r.json()).toMatchObject({ error: 'Forbidden' });
  });

  it('does not limit API-token Basic auth', async () => {
    const s = await startTestSandbox({ apiToken: { email: 'admin@acme.test', token: 'tok-1' } });
    const basic = `Basic ${Buffer.from('admin@acme.test/token:tok-1').toString('base64')}`;
    const res = await fetch(`${s.url}/api/v2/users`, { method: 'POST', headers: { Authorization: basic } });
    expect(res.status).toBe(404);
  });
});
