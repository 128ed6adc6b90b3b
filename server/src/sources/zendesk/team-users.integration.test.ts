import { ZendeskListingIncompleteError } from './errors';
import {
  clientFor,
  closeAll,
  drain,
  recordingFetch,
  recordingSleep,
  sandbox,
  seedTeam,
} from './test-fixtures';
import { staticAccessToken } from './token-source';

afterEach(closeAll);

describe('listTeamUsers against the sandbox', () => {
  it('lists 250 agents and admins among end users in 3 requests of 100', async () => {
    const s = await sandbox();
    seedTeam(s, { agents: 200, admins: 50, endUsers: 300 });
    const log: Array<{ url: string }> = [];
    const client = clientFor(s, { http: { fetch: recordingFetch(log) } });
    const pages = await drain(client.listTeamUsers({ roles: ['agent', 'admin'], customRoleIds: [] }));
    expect(pages.map((p) => p.users.length)).toEqual([100, 100, 50]);
    const users = pages.flatMap((p) => p.users);
    expect(new Set(users.map((u) => u.id)).size).toBe(250);
    expect(users.every((u) => u.role === 'agent' || u.role === 'admin')).toBe(true);
    expect(s.state.counters.usersList).toBe(3);
    expect(log).toHaveLength(3);
    expect(log[0].url).toContain(
      'role%5B%5D=admin&role%5B%5D=agent&page%5Bsize%5D=100&include_boundary_indicators=true',
    );
    expect(log.some((r) => /[?&]page=/.test(r.url))).toBe(false);
  });

  it('stops on has_more: false, without asking for the page past the last', async () => {
    const s = await sandbox();
    seedTeam(s, { agents: 100, admins: 0, endUsers: 0 });
    const log: Array<{ url: string }> = [];
    const client = clientFor(s, { http: { fetch: recordingFetch(log) } });
    const pages = await drain(client.listTeamUsers({ roles: ['agent'], customRoleIds: [] }));
    // One full page: Zendesk's answer says has_more false yet still names a next page.
    expect(pages.map((p) => p.users.length)).toEqual([100]);
    expect(log).toHaveLength(1);
  });

  it('reports a listing as incomplete when a page says has_more but names no way forward', async () => {
    const s = await sandbox();
    seedTeam(s, { agents: 150, admins: 0, endUsers: 0 });
    const noWayOn: typeof fetch = async (input, init) => {
      const res = await fetch(input, init);
      const body = (await res.json()) as { meta: Record<string, unknown>; links: Record<string, unknown> };
      body.meta.after_cursor = null;
      body.links.next = null;
      return new Response(JSON.stringify(body), { status: res.status, headers: res.headers });
    };
    const seen: number[] = [];
    const run = async () => {
      for await (const page of clientFor(s, { http: { fetch: noWayOn } }).listTeamUsers({
        roles: ['agent'],
        customRoleIds: [],
      }))
        seen.push(page.users.length);
    };
    await expect(run()).rejects.toMatchObject({
      code: 'ZENDESK_LISTING_INCOMPLETE',
      reason: 'ZENDESK_BAD_RESPONSE',
      pagesRead: 1,
    });
    expect(seen).toEqual([100]);
  });

  it('lists a custom role through permission_set, one request per role id', async () => {
    const s = await sandbox();
    const tier2 = s.state.addCustomRole('Tier 2');
    const other = s.state.addCustomRole('Other');
    s.state.addUser({ name: 'Boss', email: 'boss@acme.test', role: 'admin' });
    const t2 = s.state.addUser({
      name: 'T2',
      email: 't2@acme.test',
      role: 'agent',
      custom_role_id: tier2.id,
    });
    s.state.addUser({ name: 'Other', email: 'o@acme.test', role: 'agent', custom_role_id: other.id });
    s.state.addUser({ name: 'Plain', email: 'p@acme.test', role: 'agent' });
    const log: Array<{ url: string }> = [];
    const client = clientFor(s, { http: { fetch: recordingFetch(log) } });
    const users = (
      await drain(client.listTeamUsers({ roles: ['admin'], customRoleIds: [tier2.id] }))
    ).flatMap((p) => p.users);
    expect(users.map((u) => u.name).sort()).toEqual(['Boss', 'T2']);
    expect(users.find((u) => u.id === t2.id)).toMatchObject({
      role: 'agent',
      customRoleId: tier2.id,
      roleType: 0,
    });
    expect(log.map((r) => new URL(r.url).searchParams.get('permission_set'))).toEqual([
      null,
      String(tier2.id),
    ]);
  });

  it('never yields end users, even when the API ignores the role filter', async () => {
    const s = await sandbox({ faults: { ignoreRoleFilter: true } });
    seedTeam(s, { agents: 40, admins: 0, endUsers: 60 });
    const pages = await drain(clientFor(s).listTeamUsers({ roles: ['agent'], customRoleIds: [] }));
    expect(pages.flatMap((p) => p.users)).toHaveLength(40);
    expect(pages.reduce((n, p) => n + p.excluded, 0)).toBe(60);
  });

  it('reports a malformed record as a per-record error and keeps the rest', async () => {
    const s = await sandbox();
    seedTeam(s, { agents: 3, admins: 0, endUsers: 0 });
    const tamper: typeof fetch = async (input, init) => {
      const res = await fetch(input, init);
      const body = (await res.json()) as { users: Array<Record<string, unknown>> };
      body.users[1] = { ...body.users[1], active: 'yes' };
      body.users.push({ name: 'no id' });
      return new Response(JSON.stringify(body), { status: res.status, headers: res.headers });
    };
    const [page] = await drain(
      clientFor(s, { http: { fetch: tamper } }).listTeamUsers({ roles: ['agent'], customRoleIds: [] }),
    );
    expect(page.users).toHaveLength(2);
    expect(page.invalid).toEqual([
      { id: s.state.users()[1].id, reason: expect.stringContaining('active') },
      { reason: expect.stringContaining('unreadable user record') },
    ]);
  });

  it('waits as long as Retry-After asks when rate limited', async () => {
    let clock = Date.UTC(2025, 0, 1);
    const now = () => clock;
    const s = await sandbox({ now, requestsPerMinute: 2 });
    seedTeam(s, { agents: 250, admins: 0, endUsers: 0 });
    const { sleep, waits } = recordingSleep((ms) => (clock += ms));
    clock += 15_000; // the second page is asked for 15 s after the first
    const client = clientFor(s, { sleep, now });
    const pages: number[] = [];
    for await (const page of client.listTeamUsers({ roles: ['agent'], customRoleIds: [] })) {
      pages.push(page.users.length);
      clock += 15_000;
    }
    expect(pages).toEqual([100, 100, 50]);
    // Requests at t=15 s and t=30 s fill the minute; the third (t=45 s) is told to wait until t=75 s.
    expect(waits).toEqual([30_000]);
    expect(s.state.counters.rateLimited).toBe(1);
  });

  it('backs off on edge-protection 429s, which carry no Retry-After', async () => {
    const s = await sandbox({ faults: { edge429Rate: 1 } });
    seedTeam(s, { agents: 5, admins: 0, endUsers: 0 });
    const { sleep, waits } = recordingSleep(() => s.state.setFaults(undefined));
    const pages = await drain(clientFor(s, { sleep }).listTeamUsers({ roles: ['agent'], customRoleIds: [] }));
    expect(pages[0].users).toHaveLength(5);
    expect(waits).toHaveLength(1);
  });

  it('throws a typed incomplete-listing error when a page keeps failing', async () => {
    const s = await sandbox({ faults: { failPage: 2 } });
    seedTeam(s, { agents: 150, admins: 0, endUsers: 0 });
    const { sleep, waits } = recordingSleep();
    const seen: number[] = [];
    const run = async () => {
      for await (const page of clientFor(s, { sleep }).listTeamUsers({ roles: ['agent'], customRoleIds: [] }))
        seen.push(page.users.length);
    };
    const error = await run().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ZendeskListingIncompleteError);
    expect(error).toMatchObject({
      code: 'ZENDESK_LISTING_INCOMPLETE',
      reason: 'ZENDESK_UNAVAILABLE',
      pagesRead: 1,
    });
    expect(seen).toEqual([100]);
    expect(waits).toHaveLength(4); // HttpClient's 5 attempts
  });

  it('refuses an empty role choice before any request', async () => {
    const s = await sandbox();
    await expect(drain(clientFor(s).listTeamUsers({ roles: [], customRoleIds: [] }))).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
    });
    expect(s.state.counters.requests).toBe(0);
  });

  it('names the scope a token lacks: users:read lists users, not custom roles; tickets:read lists nothing', async () => {
    const s = await sandbox();
    seedTeam(s, { agents: 2, admins: 0, endUsers: 0 });
    s.state.addCustomRole('Tier 2');
    const usersOnly = clientFor(s, { tokens: staticAccessToken(s.state.issueAccessToken('users:read')) });
    expect(
      (await drain(usersOnly.listTeamUsers({ roles: ['agent'], customRoleIds: [] })))[0].users,
    ).toHaveLength(2);
    await expect(usersOnly.listCustomRoles()).rejects.toMatchObject({
      code: 'ZENDESK_REQUEST_REJECTED',
      message: expect.stringContaining('You are missing the following required scopes: read'),
    });
    const ticketsOnly = clientFor(s, { tokens: staticAccessToken(s.state.issueAccessToken('tickets:read')) });
    await expect(
      drain(ticketsOnly.listTeamUsers({ roles: ['agent'], customRoleIds: [] })),
    ).rejects.toMatchObject({
      code: 'ZENDESK_LISTING_INCOMPLETE',
      reason: 'ZENDESK_REQUEST_REJECTED',
      message: expect.stringContaining('users:read'),
    });
  });

  it('lists custom roles', async () => {
    const s = await sandbox();
    const role = s.state.addCustomRole('Tier 2');
    expect(await clientFor(s).listCustomRoles()).toEqual([{ id: role.id, name: 'Tier 2', description: '' }]);
  });
});
