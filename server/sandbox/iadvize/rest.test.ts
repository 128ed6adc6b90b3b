import { DEFAULT_REST_API_KEY } from './server';
import { closeSandboxes, rest, startTestSandbox } from './test-helpers';

afterEach(closeSandboxes);

async function seeded() {
  const sandbox = await startTestSandbox();
  const ada = sandbox.state.seedOperator({
    email: 'Ada@Example.com',
    firstName: 'Ada',
    lastName: 'Lovelace',
    pseudo: 'ada',
    externalId: 'sf-1',
  });
  const alan = sandbox.state.seedOperator({ email: 'alan@example.com', lastName: 'Turing' });
  return { sandbox, ada, alan };
}

type Envelope = { meta: { status: string; message?: string }; data?: unknown; pagination?: unknown };

describe('REST v2 /api/2/operator', () => {
  it('lists operators as {id, _link} by default, with the documented envelope', async () => {
    const { sandbox, ada, alan } = await seeded();
    const res = await rest(sandbox.url, '/operator');
    expect(res.status).toBe(200);
    const body = res.json() as Envelope;
    expect(body.meta).toEqual({ status: 'success' });
    expect(body.data).toEqual([
      { id: 100001, _link: '/operator/100001' },
      { id: ada.id, _link: `/operator/${ada.id}` },
      { id: alan.id, _link: `/operator/${alan.id}` },
    ]);
    expect(body.pagination).toEqual({ page: 1, pages: 1, limit: 20, count: 3 });
  });

  it('filters by email exactly and case-insensitively, with * as the documented wildcard', async () => {
    const { sandbox, ada } = await seeded();
    const exact = (
      await rest(sandbox.url, '/operator?filters[email]=ada%40example.COM&full=1')
    ).json() as Envelope;
    expect(exact.data).toEqual([
      expect.objectContaining({
        id: ada.id,
        email: 'Ada@Example.com',
        first_name: 'Ada',
        name: 'Lovelace',
        pseudo: 'ada',
        sso_key: ada.ssoKey,
      }),
    ]);
    expect(((await rest(sandbox.url, '/operator?filters[email]=ada')).json() as Envelope).data).toEqual([]);
    expect(
      ((await rest(sandbox.url, '/operator?filters%5Bemail%5D=*%40example.com')).json() as Envelope).data,
    ).toHaveLength(2);
    expect(((await rest(sandbox.url, `/operator?filters[id]=${ada.id}`)).json() as Envelope).data).toEqual([
      { id: ada.id, _link: `/operator/${ada.id}` },
    ]);
  });

  it('pages with page and limit (max 100)', async () => {
    const { sandbox } = await seeded();
    for (let i = 0; i < 3; i++) sandbox.state.seedOperator({ email: `p${i}@example.com`, lastName: `P${i}` });
    const page2 = (await rest(sandbox.url, '/operator?limit=2&page=2')).json() as Envelope;
    expect(page2.pagination).toEqual({ page: 2, pages: 3, limit: 2, count: 6 });
    expect(page2.data).toHaveLength(2);
    expect(((await rest(sandbox.url, '/operator?limit=500')).json() as Envelope).pagination).toMatchObject({
      limit: 100,
    });
    const bad = await rest(sandbox.url, '/operator?page=zero');
    expect(bad.status).toBe(400);
    expect(bad.json()).toEqual({
      meta: { status: 'fail', message: "Parameter 'page' must be a positive integer." },
    });
    expect((await rest(sandbox.url, '/operator?filters[shoe_size]=42')).json()).toEqual({
      meta: { status: 'fail', message: "Unknown filter 'shoe_size'." },
    });
  });

  it('reads one operator with every documented field', async () => {
    const { sandbox, ada } = await seeded();
    const res = await rest(sandbox.url, `/operator/${ada.id}`);
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({
      meta: { status: 'success' },
      data: {
        id: ada.id,
        name: 'Lovelace',
        first_name: 'Ada',
        pseudo: 'ada',
        email: 'Ada@Example.com',
        external_id: 'sf-1',
        role: 'operator',
        roles: ['operator'],
        chat_enabled: true,
        call_enabled: false,
        video_enabled: false,
        chat_max_number: 2,
        chat_and_call: false,
        chat_to_video: false,
        chat_priority: 0,
        call_priority: 0,
        video_priority: 0,
        language_list: [],
        language_admin: 'en',
        group_id: null,
        website_list: [],
        skill_list: [],
        sso_key: ada.ssoKey,
        call_config: {
          type: 'ANSWER_FROM_DESK',
          ask_phone_number_at_every_connection: false,
          phone_number: null,
        },
        _link: `/operator/${ada.id}`,
      },
    });
  });

  it('answers an unknown id with the documented fail body (HTTP 404)', async () => {
    const { sandbox } = await seeded();
    for (const id of ['456', 'abc']) {
      const res = await rest(sandbox.url, `/operator/${id}`);
      expect(res.status).toBe(404);
      expect(res.json()).toEqual({
        meta: { status: 'fail', message: `Unknown 'operator' with 'id' ${id}.` },
      });
    }
  });

  it('takes the key as X-API-Key, ?key= or the Basic username; anything else is Forbidden (403)', async () => {
    const { sandbox } = await seeded();
    expect((await rest(sandbox.url, `/operator?key=${DEFAULT_REST_API_KEY}`, {})).status).toBe(200);
    const basic = `Basic ${Buffer.from(`${DEFAULT_REST_API_KEY}:whatever`).toString('base64')}`;
    expect((await rest(sandbox.url, '/operator', { Authorization: basic })).status).toBe(200);
    for (const headers of [{}, { 'X-API-Key': 'wrong' }] as Record<string, string>[]) {
      const res = await rest(sandbox.url, '/operator', headers);
      expect(res.status).toBe(403);
      expect(res.json()).toEqual({ meta: { status: 'error', message: 'Forbidden' } });
    }
    expect(sandbox.state.counters.rest).toBe(4);
    expect(sandbox.state.counters.byOperation['GET /operator']).toBe(2);
  });

  it('does not guess the undocumented write bodies, and names unknown resources', async () => {
    const { sandbox } = await seeded();
    const post = await fetch(`${sandbox.url}/api/2/operator`, {
      method: 'POST',
      headers: { 'X-API-Key': DEFAULT_REST_API_KEY },
    });
    expect(post.status).toBe(405);
    const unknown = await rest(sandbox.url, '/website');
    expect(unknown.status).toBe(404);
    expect(unknown.json()).toEqual({ meta: { status: 'fail', message: "Unknown resource 'website'." } });
  });
});
