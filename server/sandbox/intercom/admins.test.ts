import { DEFAULT_OWNER } from './server';
import { closeSandboxes, get, startTestSandbox } from './test-helpers';

afterEach(closeSandboxes);

describe('GET /admins', () => {
  it('returns the whole workspace in one admin.list, with the documented fields and no pages', async () => {
    const sandbox = await startTestSandbox();
    const ada = sandbox.state.addAdmin({ name: 'Ada Lovelace', email: 'ada@example.com', team_ids: [7] });
    const res = await get(sandbox.url, '/admins');
    expect(res.status).toBe(200);
    const body = res.json();
    expect(Object.keys(body).sort()).toEqual(['admins', 'type']);
    expect(body.type).toBe('admin.list');
    expect(body.admins.map((a: { email: string }) => a.email)).toEqual([
      DEFAULT_OWNER.email,
      'ada@example.com',
    ]);
    // As Intercom's own example answers: the optional fields an admin does not have are left out,
    // and the avatar comes only with display_avatar=true.
    expect(body.admins[1]).toEqual({
      type: 'admin',
      id: ada.id,
      name: 'Ada Lovelace',
      email: 'ada@example.com',
      away_mode_enabled: false,
      away_mode_reassign: false,
      has_inbox_seat: true,
      team_ids: [7],
    });
    expect(typeof ada.id).toBe('string');
    expect(sandbox.state.counters.admins).toBe(1);
  });

  it('shows updates and drops a removed teammate; by id it is 404 admin_not_found', async () => {
    const sandbox = await startTestSandbox();
    const ada = sandbox.state.addAdmin({ name: 'Ada Lovelace', email: 'ada@example.com' });
    const bob = sandbox.state.addAdmin({ name: 'Bob', email: 'bob@example.com' });
    sandbox.state.updateAdmin(ada.id, { name: 'Ada King', away_mode_enabled: true });
    sandbox.state.removeAdmin(bob.id);

    const list = (await get(sandbox.url, '/admins')).json();
    expect(list.admins.map((a: { id: string }) => a.id)).not.toContain(bob.id);
    expect(list.admins.find((a: { id: string }) => a.id === ada.id)).toMatchObject({
      name: 'Ada King',
      away_mode_enabled: true,
    });

    const gone = await get(sandbox.url, `/admins/${bob.id}`);
    expect(gone.status).toBe(404);
    expect(gone.json()).toEqual({
      type: 'error.list',
      request_id: expect.any(String),
      errors: [{ code: 'admin_not_found', message: 'Admin not found' }],
    });
    expect((await get(sandbox.url, `/admins/${ada.id}`)).json()).toMatchObject({
      id: ada.id,
      name: 'Ada King',
    });
  });

  it('serves the optional fields an admin has: job title, away status reason', async () => {
    const sandbox = await startTestSandbox();
    const ada = sandbox.state.addAdmin({
      name: 'Ada',
      email: 'ada@example.com',
      job_title: 'Support lead',
      away_mode_enabled: true,
      away_status_reason_id: 12345,
    });
    const one = (await get(sandbox.url, `/admins/${ada.id}`)).json();
    expect(one).toMatchObject({ job_title: 'Support lead', away_status_reason_id: 12345 });
    expect(one).not.toHaveProperty('avatar');
    expect(one).not.toHaveProperty('email_verified');
  });

  it('serves role only from 2.16 on, and the avatar object only with display_avatar=true', async () => {
    const sandbox = await startTestSandbox();
    sandbox.state.addAdmin({ name: 'Ada', email: 'ada@example.com', role: { id: '11', name: 'Support' } });
    const v16 = (await get(sandbox.url, '/admins?display_avatar=true', { version: '2.16' })).json();
    expect(v16.admins[1].role).toEqual({ type: 'role', id: '11', name: 'Support' });
    expect(v16.admins[1].avatar).toEqual({ type: 'avatar', image_url: expect.stringMatching(/^https:\/\//) });
    const v14 = (await get(sandbox.url, '/admins', { version: '2.14' })).json();
    expect(v14.admins[1]).not.toHaveProperty('role');
    expect((await get(sandbox.url, '/admins', { version: 'Unstable' })).json().admins[1].role).toBeDefined();
  });
});

describe('GET /me', () => {
  it('answers the installing admin with its app and region', async () => {
    const sandbox = await startTestSandbox({ region: 'EU' });
    const me = (await get(sandbox.url, '/me')).json();
    expect(me).toMatchObject({
      type: 'admin',
      email: DEFAULT_OWNER.email,
      email_verified: true,
      app: { type: 'app', id_code: expect.any(String), region: 'EU' },
    });
  });
});
