import { closeSandboxes, fakeClock, get, seedTeam, startTestSandbox } from './test-helpers';

afterEach(closeSandboxes);

const TEAM = 'role%5B%5D=agent&role%5B%5D=admin';

describe('GET /api/v2/users', () => {
  it('lists agents and admins by cursor, 100 a page, until meta.has_more is false', async () => {
    const s = await startTestSandbox();
    seedTeam(s, { agents: 200, admins: 50, endUsers: 120 });
    const token = s.state.issueAccessToken();
    const seen: number[] = [];
    let url = `${s.url}/api/v2/users?${TEAM}&page[size]=100`;
    let pages = 0;
    for (;;) {
      const r = await get(url, token);
      expect(r.status).toBe(200);
      const body = r.json();
      pages++;
      for (const u of body.users) {
        expect(['agent', 'admin']).toContain(u.role);
        seen.push(u.id);
      }
      if (!body.meta.has_more) break;
      url = body.links.next;
    }
    expect(pages).toBe(3);
    expect(seen).toHaveLength(250);
    expect([...seen].sort((a, b) => a - b)).toEqual(seen);
    expect(s.state.counters.usersList).toBe(3);
  });

  it('answers as Zendesk does: has_more on every page, and a next link and after_cursor on the last one too', async () => {
    const s = await startTestSandbox();
    seedTeam(s, { agents: 3, admins: 0, endUsers: 0 });
    const token = s.state.issueAccessToken();
    // A recorded live answer carries has_more without include_boundary_indicators.
    const first = (await get(`${s.url}/api/v2/users?role=agent&page[size]=2`, token)).json();
    expect(first.meta.has_more).toBe(true);
    expect(first.meta.before_cursor).toEqual(expect.any(String));
    expect(first.links.prev).toEqual(expect.stringContaining('page%5Bbefore%5D='));
    const last = (await get(first.links.next, token)).json();
    expect(last.users).toHaveLength(1);
    expect(last.meta.has_more).toBe(false);
    expect(last.meta.after_cursor).toEqual(expect.any(String));
    expect(last.links.next).toEqual(
      expect.stringContaining(`page%5Bafter%5D=${encodeURIComponent(last.meta.after_cursor)}`),
    );
    // Following it anyway costs a request and brings nothing: an empty page without cursors.
    const beyond = (await get(last.links.next, token)).json();
    expect(beyond).toEqual({
      users: [],
      meta: { has_more: false, after_cursor: null, before_cursor: null },
      links: { next: null, prev: null },
    });
    const back = (await get(last.links.prev, token)).json();
    expect(back.users.map((u: { id: number }) => u.id)).toEqual(first.users.map((u: { id: number }) => u.id));
  });

  it('returns the documented user fields', async () => {
    const clock = fakeClock(Date.UTC(2025, 4, 1, 10));
    const s = await startTestSandbox({ now: clock.now });
    const role = s.state.addCustomRole('Tier 2');
    const u = s.state.addUser({
      name: 'Ada',
      email: 'ada@acme.test',
      role: 'agent',
      custom_role_id: role.id,
      external_id: 'A-1',
    });
    const body = (await get(`${s.url}/api/v2/users/${u.id}.json`, s.state.issueAccessToken())).json();
    expect(body.user).toMatchObject({
      id: u.id,
      url: `${s.url}/api/v2/users/${u.id}.json`,
      name: 'Ada',
      email: 'ada@acme.test',
      role: 'agent',
      role_type: 0,
      custom_role_id: role.id,
      active: true,
      suspended: false,
      external_id: 'A-1',
      created_at: '2025-05-01T10:00:00Z',
      updated_at: '2025-05-01T10:00:00Z',
    });
  });

  it('filters by custom role id (permission_set) and by custom role name', async () => {
    const s = await startTestSandbox();
    const tier2 = s.state.addCustomRole('Tier 2');
    const other = s.state.addCustomRole('Other');
    s.state.addUser({ name: 'A', email: 'a@x.test', role: 'agent', custom_role_id: tier2.id });
    s.state.addUser({ name: 'B', email: 'b@x.test', role: 'agent', custom_role_id: other.id });
    s.state.addUser({ name: 'C', email: 'c@x.test', role: 'agent' });
    const token = s.state.issueAccessToken();
    const byId = (await get(`${s.url}/api/v2/users?permission_set=${tier2.id}&page[size]=100`, token)).json();
    expect(byId.users.map((u: { name: string }) => u.name)).toEqual(['A']);
    const byName = (await get(`${s.url}/api/v2/users?role=Tier%202&page[size]=100`, token)).json();
    expect(byName.users.map((u: { name: string }) => u.name)).toEqual(['A']);
    const roles = (await get(`${s.url}/api/v2/custom_roles`, token)).json();
    expect(roles.custom_roles).toEqual([
      expect.objectContaining({ id: tier2.id, name: 'Tier 2', team_member_count: 1 }),
      expect.objectContaining({ id: other.id, name: 'Other', team_member_count: 1 }),
    ]);
  });

  it('keeps a cursor listing complete while users are added and deleted between pages', async () => {
    const s = await startTestSandbox();
    seedTeam(s, { agents: 150, admins: 0, endUsers: 0 });
    const token = s.state.issueAccessToken();
    const first = (await get(`${s.url}/api/v2/users?role=agent&page[size]=100`, token)).json();
    const listed = first.users.map((u: { id: number }) => u.id);
    s.state.deleteUser(listed[0]); // already listed: no effect on what follows
    const added = s.state.addUser({ name: 'New', email: 'new@acme.test', role: 'agent' });
    const second = (await get(first.links.next, token)).json();
    const all = [...listed, ...second.users.map((u: { id: number }) => u.id)];
    expect(new Set(all).size).toBe(all.length);
    expect(all).toHaveLength(151);
    expect(all).toContain(added.id);
  });

  it('soft-deletes: gone from listings, still shown by id with active:false and in deleted_users', async () => {
    const s = await startTestSandbox();
    const u = s.state.addUser({ name: 'Gone', email: 'gone@acme.test', role: 'agent' });
    s.state.deleteUser(u.id);
    const token = s.state.issueAccessToken();
    const list = (await get(`${s.url}/api/v2/users?role=agent&page[size]=100`, token)).json();
    expect(list.users).toEqual([]);
    const shown = (await get(`${s.url}/api/v2/users/${u.id}`, token)).json();
    expect(shown.user.active).toBe(false);
    const deleted = await get(`${s.url}/api/v2/deleted_users/${u.id}`, token);
    expect(deleted.json().deleted_user.id).toBe(u.id);
    expect((await get(`${s.url}/api/v2/users/1`, token)).json()).toEqual({
      error: 'RecordNotFound',
      description: 'Not found',
    });
  });

  it('answers offset pagination, and 400 past the first 10,000 records', async () => {
    const s = await startTestSandbox();
    seedTeam(s, { agents: 30, admins: 0, endUsers: 10 });
    const token = s.state.issueAccessToken();
    const page2 = (await get(`${s.url}/api/v2/users.json?role=agent&per_page=20&page=2`, token)).json();
    expect(page2.users).toHaveLength(10);
    expect(page2.count).toBe(30);
    expect(page2.next_page).toBeNull();
    expect(page2.previous_page).toEqual(expect.stringContaining('page=1'));
    expect(page2).not.toHaveProperty('meta');
    const past = await get(`${s.url}/api/v2/users?page=101`, token);
    expect(past.status).toBe(400);
    expect((await get(`${s.url}/api/v2/users?page=100`, token)).status).toBe(200);
  });

  it('rejects a malformed cursor with 400', async () => {
    const s = await startTestSandbox();
    const r = await get(
      `${s.url}/api/v2/users?page[size]=10&page[after]=not-a-cursor`,
      s.state.issueAccessToken(),
    );
    expect(r.status).toBe(400);
  });

  it('seeds 50,000 users quickly and pages them without slowing down', async () => {
    const s = await startTestSandbox();
    const started = Date.now();
    seedTeam(s, { agents: 2_000, admins: 100, endUsers: 47_900 });
    expect(Date.now() - started).toBeLessThan(1_000);
    const token = s.state.issueAccessToken();
    let next: string | null = `${s.url}/api/v2/users?${TEAM}&page[size]=100`;
    let count = 0;
    while (next) {
      const body = (await get(next, token)).json();
      count += body.users.length;
      next = body.meta.has_more ? body.links.next : null;
    }
    expect(count).toBe(2_100);
  });
});
