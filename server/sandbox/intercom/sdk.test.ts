/**
 * Fidelity: the official Intercom TypeScript SDK (`intercom-client` 7) talks to the sandbox as it
 * would to api.intercom.io. `baseUrl` replaces the regional environment; the SDK sends its default
 * `Intercom-Version: 2.14` unless told otherwise. Its own retries are turned off (maxRetries: 0) so
 * nothing sleeps.
 */
import { Intercom, IntercomClient, IntercomError } from 'intercom-client';
import { DEFAULT_ACCESS_TOKEN, DEFAULT_OWNER } from './server';
import { closeSandboxes, fakeClock, startTestSandbox } from './test-helpers';

afterEach(closeSandboxes);

const sdk = (baseUrl: string, token = DEFAULT_ACCESS_TOKEN, version?: IntercomVersion) =>
  new IntercomClient({ token, baseUrl, maxRetries: 0, ...(version ? { version } : {}) });

type IntercomVersion = NonNullable<ConstructorParameters<typeof IntercomClient>[0]>['version'];

describe('intercom-client against the sandbox', () => {
  it('lists admins, sending the SDK default version 2.14 (so no role)', async () => {
    const sandbox = await startTestSandbox();
    sandbox.state.addAdmin({ name: 'Ada', email: 'ada@example.com', role: { id: '3', name: 'Support' } });
    const list = await sdk(sandbox.url).admins.list();
    expect(list.type).toBe('admin.list');
    expect(list.admins?.map((a) => a?.email)).toEqual([DEFAULT_OWNER.email, 'ada@example.com']);
    expect(list.admins?.[1]).not.toHaveProperty('role');
    expect(sandbox.state.requests()).toEqual([{ method: 'GET', path: '/admins', intercomVersion: '2.14' }]);
  });

  it('sends the version it is given: 2.11 without role, Unstable with it', async () => {
    const sandbox = await startTestSandbox();
    sandbox.state.addAdmin({
      name: 'Ada',
      email: 'ada@example.com',
      job_title: 'Lead',
      role: { id: '3', name: 'Support' },
    });
    const old = await sdk(sandbox.url, DEFAULT_ACCESS_TOKEN, '2.11').admins.list();
    expect(old.admins?.[1]).toEqual({
      type: 'admin',
      id: expect.any(String),
      name: 'Ada',
      email: 'ada@example.com',
      job_title: 'Lead',
      away_mode_enabled: false,
      away_mode_reassign: false,
      has_inbox_seat: true,
      team_ids: [],
    });
    const unstable = await sdk(sandbox.url, DEFAULT_ACCESS_TOKEN, 'Unstable').admins.list();
    expect(unstable.admins?.[1]).toMatchObject({ role: { type: 'role', id: '3', name: 'Support' } });
    expect(sandbox.state.requests().map((r) => r.intercomVersion)).toEqual(['2.11', 'Unstable']);
  });

  it('finds an admin by id and reports a removed one as NotFoundError', async () => {
    const sandbox = await startTestSandbox();
    const ada = sandbox.state.addAdmin({ name: 'Ada', email: 'ada@example.com' });
    const client = sdk(sandbox.url);
    expect((await client.admins.find({ admin_id: Number(ada.id) }))?.name).toBe('Ada');
    sandbox.state.removeAdmin(ada.id);
    const error = await client.admins.find({ admin_id: Number(ada.id) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Intercom.NotFoundError);
    expect((error as IntercomError).body).toMatchObject({ errors: [{ code: 'admin_not_found' }] });
  });

  it('identifies the installing admin (GET /me) with its region', async () => {
    const sandbox = await startTestSandbox({ region: 'AU' });
    const me = await sdk(sandbox.url).admins.identify();
    expect(me?.email).toBe(DEFAULT_OWNER.email);
    expect(me?.app?.region).toBe('AU');
  });

  it('surfaces a bad token as UnauthorizedError and a 429 as IntercomError 429', async () => {
    const sandbox = await startTestSandbox({ rateLimitPer10s: 1, now: fakeClock().now });
    const bad = await sdk(sandbox.url, 'nope')
      .admins.list()
      .catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(Intercom.UnauthorizedError);
    expect((bad as IntercomError).body).toMatchObject({
      type: 'error.list',
      errors: [{ code: 'unauthorized' }],
    });

    const client = sdk(sandbox.url);
    await client.admins.list();
    const limited = await client.admins.list().catch((e: unknown) => e);
    expect((limited as IntercomError).statusCode).toBe(429);
    expect((limited as IntercomError).rawResponse?.headers.get('x-ratelimit-reset')).toMatch(/^\d+$/);
  });
});
