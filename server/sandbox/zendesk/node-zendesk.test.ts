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
    // users:write passes the scope check; plain `POST /users` (create) is not served (404).
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

describe('node-zendesk pushes users through the sandbox', () => {
  const oauthClient = (s: Awaited<ReturnType<typeof startTestSandbox>>) =>
    createClient({
      token: s.state.issueAccessToken(),
      oauth: true,
      endpointUri: `${s.url}/api/v2`,
      throwOriginalException: true,
    } as Parameters<typeof createClient>[0]);

  it('creates a custom field, upserts many users in a job it watches to completion, and reads them back', async () => {
    const s = await startTestSandbox({ bulkImports: true });
    const client = oauthClient(s);
    const field = (await client.userfields.create({
      user_field: { type: 'checkbox', key: 'sf_vip', title: 'VIP' },
    })) as unknown as { result: { key: string } };
    expect(field.result.key).toBe('sf_vip');
    expect(((await client.userfields.list()) as unknown as Array<{ key: string }>).map((f) => f.key)).toEqual(
      ['sf_vip'],
    );

    // Typed as an array, sent as the body as is: the documented body is `{users: [...]}`.
    const queued = (await client.users.createOrUpdateMany({
      users: [
        { name: 'Ada', email: 'ada@acme.test', external_id: 'SF-1', user_fields: { sf_vip: true } },
        { name: 'Bob', email: 'bob@acme.test', external_id: 'SF-2' },
      ],
    } as unknown as object[])) as unknown as { result: { job_status: { id: string } } };
    const done = (await client.jobstatuses.watch(queued.result.job_status.id, 10, 5)) as unknown as {
      status: string;
      results: Array<{ status: string; external_id: string }>;
    };
    expect(done.status).toBe('completed');
    expect(done.results.map((r) => `${r.external_id}:${r.status}`)).toEqual(['SF-1:Created', 'SF-2:Created']);

    const ids = s.state.users().map((u) => u.id);
    const shown = (await client.users.showMany(ids)) as unknown as { result: Array<{ name: string }> };
    expect(shown.result.map((u) => u.name)).toEqual(['Ada', 'Bob']);
    const found = (await client.users.search({ query: 'email:bob@acme.test' })) as unknown as Array<{
      external_id: string;
    }>;
    expect(found.map((u) => u.external_id)).toEqual(['SF-2']);
    expect(s.state.users()[0].user_fields).toEqual({ sf_vip: true });
  });

  it('updates many users by id in a batch job, and upserts one user with 201 then 200', async () => {
    const s = await startTestSandbox();
    const client = oauthClient(s);
    const ada = s.state.addUser({ name: 'Ada', email: 'ada@acme.test', role: 'end-user' });
    // With two arguments, node-zendesk sends the first as the batch body (`{users: [...]}`).
    const queued = (await client.users.updateMany(
      { users: [{ id: ada.id, alias: 'Countess' }] },
      null,
    )) as unknown as { result: { job_status: { id: string } } };
    const done = (await client.jobstatuses.watch(queued.result.job_status.id, 10, 5)) as unknown as {
      results: Array<{ id: number; status: string }>;
    };
    expect(done.results).toEqual([{ id: ada.id, action: 'update', success: true, status: 'Updated' }]);
    expect(s.state.users()[0].alias).toBe('Countess');

    const created = (await client.users.createOrUpdate({
      user: { name: 'Grace', email: 'grace@acme.test', skip_verify_email: true },
    })) as unknown as { response: { status: number }; result: { id: number } };
    expect(created.response.status).toBe(201);
    const again = (await client.users.createOrUpdate({
      user: { name: 'Grace Hopper', email: 'grace@acme.test' },
    })) as unknown as { response: { status: number }; result: { id: number; name: string } };
    expect(again.response.status).toBe(200);
    expect(again.result).toMatchObject({ id: created.result.id, name: 'Grace Hopper' });
  });
});
