/**
 * Fidelity check: node-zendesk, a widely used Zendesk client, talks to the sandbox unchanged. It
 * builds `${endpointUri}/users.json?page[size]=100`, follows `links.next` as full URLs, and sends
 * Bearer or Basic `{email}/token:{token}`; `endpointUri` replaces the https://{subdomain}.zendesk.com
 * host it would otherwise build.
 *
 * node-zendesk follows `links.next` whenever it is present and never reads `meta.has_more`. Zendesk
 * sends a next link on the last page too, so against Zendesk (and this sandbox) it asks for one page
 * past the end and gets an empty one: the request the companion's own client no longer makes.
 */
import { createClient } from 'node-zendesk';
import { closeSandboxes, seedTeam, startTestSandbox } from './test-helpers';

afterEach(closeSandboxes);

type Named = { id: number; role: string };

describe('node-zendesk against the sandbox', () => {
  it('lists every user across cursor pages with an API token', async () => {
    const s = await startTestSandbox({ apiToken: { email: 'admin@acme.test', token: 'tok-1' } });
    seedTeam(s, { agents: 120, admins: 10, endUsers: 90 });
    const client = createClient({
      username: 'admin@acme.test',
      token: 'tok-1',
      endpointUri: `${s.url}/api/v2`,
    });
    const users = (await client.users.list()) as unknown as Named[];
    expect(users).toHaveLength(220);
    // Three pages of users, then the empty page its last next link points to.
    expect(s.state.counters.usersList).toBe(4);
  });

  it('filters by role with an OAuth token and reads custom roles', async () => {
    const s = await startTestSandbox();
    seedTeam(s, { agents: 30, admins: 5, endUsers: 40 });
    s.state.addCustomRole('Tier 2');
    const client = createClient({
      token: s.state.issueAccessToken(),
      oauth: true,
      endpointUri: `${s.url}/api/v2`,
    } as Parameters<typeof createClient>[0]);
    const agents = (await client.users.listWithFilter('role', 'agent')) as unknown as Named[];
    expect(agents).toHaveLength(30);
    expect(agents.every((u) => u.role === 'agent')).toBe(true);
    const before = s.state.counters.requests;
    const roles = (await client.customagentroles.list()) as unknown as Array<{ name: string }>;
    expect(roles.map((r) => r.name)).toEqual(['Tier 2']);
    // Custom roles come as one unpaginated list: no next page, one request.
    expect(s.state.counters.requests - before).toBe(1);
  });
});

describe('node-zendesk meets scopes and the rate limit', () => {
  const user = { user: { name: 'Ada', email: 'ada@acme.test' } };

  it('is refused writes with a read token (403), and gets past the scope check with users:write', async () => {
    const s = await startTestSandbox();
    const as = (scope: string) =>
      createClient({
        token: s.state.issueAccessToken(scope),
        oauth: true,
        endpointUri: `${s.url}/api/v2`,
        throwOriginalException: true,
      } as Parameters<typeof createClient>[0]);
    const refused = await as('read')
      .users.create(user)
      .catch((e: unknown) => e);
    expect(refused).toMatchObject({ statusCode: 403 });
    expect((refused as { result: unknown }).result).toEqual({
      error: 'Forbidden',
      description: 'You are missing the following required scopes: users:write',
    });
    // users:write passes the scope check; the sandbox serves no user writes yet (404).
    const passed = await as('users:write')
      .users.create(user)
      .catch((e: unknown) => e);
    expect(passed).toMatchObject({ statusCode: 404 });
  });

  it('reads the Retry-After of the per-minute limit as a 429', async () => {
    const s = await startTestSandbox({ requestsPerMinute: 1 });
    const ada = s.state.addUser({ name: 'Ada', email: 'ada@acme.test', role: 'agent' });
    const client = createClient({
      token: s.state.issueAccessToken(),
      oauth: true,
      endpointUri: `${s.url}/api/v2`,
      throwOriginalException: true,
    } as Parameters<typeof createClient>[0]);
    expect((await client.users.show(ada.id)).result).toMatchObject({ id: ada.id });
    // node-zendesk reads Retry-After itself: it hands back (rather than throws) an error as the result.
    const limited = (await client.users.show(ada.id)) as unknown as {
      response: { status: number; headers: { get(name: string): string | null } };
      result: unknown;
    };
    expect(limited.response.status).toBe(429);
    expect(limited.result).toEqual(new Error('Zendesk rate limits 200 requests per minute'));
    expect(limited.response.headers.get('retry-after')).toBe('60');
  });
});
