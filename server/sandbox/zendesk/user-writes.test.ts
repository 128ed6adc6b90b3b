import { CREATE_UPDATE_USER_HEADER } from './per-user-limit';
import { closeSandboxes, fakeClock, get, startTestSandbox, type Reply } from './test-helpers';
import { readReply } from '../shared/test-support';
import type { ZendeskSandbox } from './server';

afterEach(closeSandboxes);

async function send(method: string, url: string, token: string, body: unknown): Promise<Reply> {
  const res = await fetch(url, {
    method,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  return readReply(res);
}

/** Polls a job until it leaves queued/working. */
async function finished(s: ZendeskSandbox, token: string, id: string) {
  for (;;) {
    const status = (await get(`${s.url}/api/v2/job_statuses/${id}`, token)).json().job_status;
    if (status.status !== 'queued' && status.status !== 'working') return status;
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('bulk user writes', () => {
  it('refuses create_or_update_many with 403 until bulk imports are enabled; update_many has no gate', async () => {
    const s = await startTestSandbox();
    const token = s.state.issueAccessToken();
    const ada = s.state.addUser({ name: 'Ada', email: 'ada@acme.test', role: 'end-user' });
    const gated = await send('POST', `${s.url}/api/v2/users/create_or_update_many`, token, {
      users: [{ name: 'Bob', email: 'bob@acme.test' }],
    });
    expect(gated.status).toBe(403);
    expect(gated.json().error).toBe('Forbidden');
    expect(gated.json().description).toMatch(/Bulk user imports are not enabled/);

    const updated = await send('PUT', `${s.url}/api/v2/users/update_many`, token, {
      users: [{ id: ada.id, phone: '+33 1 23' }],
    });
    expect(updated.status).toBe(200);
    expect((await finished(s, token, updated.json().job_status.id)).results).toEqual([
      { id: ada.id, action: 'update', success: true, status: 'Updated' },
    ]);
    expect(s.state.users()[0].phone).toBe('+33 1 23');
  });

  it('runs a job queued → working → completed, applying it only at completion, results in request order', async () => {
    // Long enough working that a loaded machine still sees it; the poll below does not wait for time.
    const s = await startTestSandbox({ bulkImports: true, jobs: { queuedMs: 30, workMs: 1000 } });
    const token = s.state.issueAccessToken();
    const old = s.state.addUser({
      name: 'Old',
      email: 'old@acme.test',
      role: 'end-user',
      external_id: 'SF-1',
    });
    const sent = await send('POST', `${s.url}/api/v2/users/create_or_update_many.json`, token, {
      users: [
        { name: 'New', email: 'new@acme.test', external_id: 'SF-2', skip_verify_email: true },
        { name: 'Old renamed', external_id: 'sf-1' },
        { name: '', email: 'blank@acme.test' },
      ],
    });
    const job = sent.json().job_status;
    expect(job).toMatchObject({ status: 'queued', total: 3, progress: 0, results: null });
    expect(job.url).toBe(`${s.url}/api/v2/job_statuses/${job.id}.json`);
    expect(s.state.users()).toHaveLength(1);
    let status = job.status;
    while (status === 'queued') {
      await new Promise((r) => setTimeout(r, 5));
      status = (await get(`${s.url}/api/v2/job_statuses/${job.id}`, token)).json().job_status.status;
    }
    expect(status).toBe('working');
    expect(s.state.users()).toHaveLength(1);

    const done = await finished(s, token, job.id);
    const created = s.state.users().find((u) => u.external_id === 'SF-2')!;
    expect(done).toMatchObject({ status: 'completed', progress: 3 });
    expect(done.results).toEqual([
      { id: created.id, status: 'Created', email: 'new@acme.test', external_id: 'SF-2' },
      { id: old.id, status: 'Updated', email: 'old@acme.test', external_id: 'SF-1' },
      {
        index: 2,
        status: 'Failed',
        error: 'UserCreateError',
        details: 'Name: is too short (minimum is 1 character)',
      },
    ]);
    expect(s.state.users().find((u) => u.id === old.id)!.name).toBe('Old renamed');
    expect(s.state.counters.verificationEmails).toBe(0);
    const many = await get(`${s.url}/api/v2/job_statuses/show_many?ids=${job.id},unknown`, token);
    expect(many.json().job_statuses.map((j: { id: string }) => j.id)).toEqual([job.id]);
  });

  it('keeps at most maxActive jobs queued or working (429 TooManyJobs), and forgets jobs after their expiry', async () => {
    const clock = fakeClock();
    const s = await startTestSandbox({
      bulkImports: true,
      now: clock.now,
      jobs: { maxActive: 2, queuedMs: 50 },
    });
    const token = s.state.issueAccessToken();
    const job = () =>
      send('PUT', `${s.url}/api/v2/users/update_many`, token, { users: [{ id: 1, name: 'x' }] });
    const first = await job();
    expect((await job()).status).toBe(200);
    const third = await job();
    expect(third.status).toBe(429);
    expect(third.headers.get('retry-after')).toBe('1');
    expect(third.json().error).toBe('TooManyJobs');

    const done = await finished(s, token, first.json().job_status.id);
    expect(done.results[0]).toMatchObject({ status: 'Failed', error: 'UserNotFound' });
    clock.advance(60 * 60_000 + 1);
    const later = s.state.issueAccessToken();
    expect((await get(`${s.url}/api/v2/job_statuses/${done.id}`, later)).status).toBe(404);
  });

  it('adds a secondary identity when an update sends another email; the primary stays', async () => {
    const s = await startTestSandbox();
    const token = s.state.issueAccessToken();
    const ada = s.state.addUser({ name: 'Ada', email: 'ada@acme.test', role: 'end-user' });
    const sent = await send('PUT', `${s.url}/api/v2/users/update_many`, token, {
      users: [{ id: ada.id, email: 'ada.new@acme.test' }],
    });
    await finished(s, token, sent.json().job_status.id);
    expect(s.state.users()[0].email).toBe('ada@acme.test');
    expect(s.state.emailIdentities(ada.id)).toEqual(['ada@acme.test', 'ada.new@acme.test']);
    const identities = (await get(`${s.url}/api/v2/users/${ada.id}/identities`, token)).json().identities;
    expect(identities.map((i: { value: string; primary: boolean }) => [i.value, i.primary])).toEqual([
      ['ada@acme.test', true],
      ['ada.new@acme.test', false],
    ]);
  });

  it('refuses more than 100 users, and a read token cannot write (403 naming the scope)', async () => {
    const s = await startTestSandbox({ bulkImports: true });
    const users = Array.from({ length: 101 }, (_, i) => ({ name: `U${i}`, email: `u${i}@acme.test` }));
    const tooMany = await send(
      'POST',
      `${s.url}/api/v2/users/create_or_update_many`,
      s.state.issueAccessToken(),
      {
        users,
      },
    );
    expect(tooMany.status).toBe(400);
    expect(tooMany.json().error).toBe('TooManyRecords');
    const readOnly = await send(
      'PUT',
      `${s.url}/api/v2/users/update_many`,
      s.state.issueAccessToken('read'),
      {
        users: [{ id: 1, name: 'x' }],
      },
    );
    expect(readOnly.status).toBe(403);
    expect(readOnly.json().description).toBe('You are missing the following required scopes: users:write');
  });
});

describe('single create_or_update', () => {
  it('answers 201 for a new user and 200 for an existing one, with the per-user header, and 429 after 5 a minute', async () => {
    const clock = fakeClock();
    const s = await startTestSandbox({ now: clock.now });
    const token = s.state.issueAccessToken();
    const url = `${s.url}/api/v2/users/create_or_update`;
    const created = await send('POST', url, token, { user: { name: 'Ada', email: 'Ada@Acme.test' } });
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe(created.json().user.url);
    expect(created.headers.get(CREATE_UPDATE_USER_HEADER)).toBe('total=5; remaining=4; resets=60');
    expect(s.state.counters.verificationEmails).toBe(1);
    for (let i = 0; i < 4; i++) {
      const again = await send('POST', url, token, { user: { name: `Ada ${i}`, email: 'ada@acme.test' } });
      expect(again.status).toBe(200);
    }
    const limited = await send('POST', url, token, { user: { name: 'Ada 5', email: 'ada@acme.test' } });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('60');
    expect(limited.headers.get(CREATE_UPDATE_USER_HEADER)).toBe('total=5; remaining=0; resets=60');
    // Another user is not limited; the first is again after a minute.
    expect((await send('POST', url, token, { user: { name: 'Bob', email: 'bob@acme.test' } })).status).toBe(
      201,
    );
    clock.advance(60_001);
    expect((await send('POST', url, token, { user: { name: 'Ada', email: 'ada@acme.test' } })).status).toBe(
      200,
    );
    expect(s.state.users()).toHaveLength(2);
  });

  it('answers 422 RecordInvalid for a user it cannot save', async () => {
    const s = await startTestSandbox();
    const res = await send('POST', `${s.url}/api/v2/users/create_or_update`, s.state.issueAccessToken(), {
      user: { name: 'Ada', email: 'not-an-email' },
    });
    expect(res.status).toBe(422);
    expect(res.json()).toEqual({
      error: 'RecordInvalid',
      description: 'Record validation errors',
      details: {
        email: [{ description: 'Email: not-an-email is not properly formatted', error: 'InvalidValue' }],
      },
    });
  });
});

describe('finding users', () => {
  it('show_many by external ids ignores case and leaves unknown ones out; at most 100', async () => {
    const s = await startTestSandbox();
    const token = s.state.issueAccessToken();
    const ada = s.state.addUser({
      name: 'Ada',
      email: 'ada@acme.test',
      role: 'end-user',
      external_id: 'SF-Ada',
    });
    const found = await get(`${s.url}/api/v2/users/show_many?external_ids=sf-ada,missing`, token);
    expect(found.json().users.map((u: { id: number }) => u.id)).toEqual([ada.id]);
    expect(found.json().users[0].external_id).toBe('SF-Ada');
    const ids = Array.from({ length: 101 }, (_, i) => i + 1).join(',');
    expect((await get(`${s.url}/api/v2/users/show_many?ids=${ids}`, token)).status).toBe(400);
  });

  it('searches by email (primary or secondary, any case) with offset pages, and refuses past 10,000 records', async () => {
    const s = await startTestSandbox();
    const token = s.state.issueAccessToken();
    const ada = s.state.addUser({ name: 'Ada', email: 'ada@acme.test', role: 'end-user' });
    const added = await send('PUT', `${s.url}/api/v2/users/update_many`, token, {
      users: [{ id: ada.id, email: 'lovelace@acme.test' }],
    });
    await finished(s, token, added.json().job_status.id);
    for (let i = 0; i < 150; i++)
      s.state.addUser({ name: `Customer ${i}`, email: `c${i}@ex.test`, role: 'end-user' });
    const byEmail = await get(
      `${s.url}/api/v2/users/search?query=${encodeURIComponent('email:"LOVELACE@acme.test"')}`,
      token,
    );
    expect(byEmail.json()).toMatchObject({ count: 1, next_page: null });
    expect(byEmail.json().users[0].id).toBe(ada.id);
    const text = (await get(`${s.url}/api/v2/users/search?query=customer`, token)).json();
    expect(text.users).toHaveLength(100);
    expect(text.count).toBe(150);
    expect(text.next_page).toContain('page=2');
    const tooFar = await get(`${s.url}/api/v2/users/search?query=customer&page=101`, token);
    expect(tooFar.status).toBe(400);
  });
});

describe('custom user fields', () => {
  it('creates fields with their type and options, refuses bad and taken keys, and lists them', async () => {
    const s = await startTestSandbox();
    const token = s.state.issueAccessToken();
    const post = (user_field: unknown) => send('POST', `${s.url}/api/v2/user_fields`, token, { user_field });
    const tier = await post({
      type: 'dropdown',
      key: 'sf_tier',
      title: 'Tier',
      custom_field_options: [
        { name: 'Gold', value: 'gold' },
        { name: 'Silver', value: 'silver' },
      ],
    });
    expect(tier.status).toBe(201);
    expect(tier.json().user_field).toMatchObject({ key: 'sf_tier', type: 'dropdown', title: 'Tier' });
    expect(
      (await post({ type: 'date', key: 'SF_TIER', title: 'again' })).json().details.key[0].description,
    ).toBe('Key: has already been taken');
    expect((await post({ type: 'text', key: '1234', title: 'digits' })).status).toBe(422);
    expect(
      (await post({ type: 'text', key: 'tags', title: 'system' })).json().details.key[0].description,
    ).toMatch(/reserved/);
    expect((await post({ type: 'text', key: 'has space', title: 's' })).status).toBe(422);
    expect(
      (await send('POST', `${s.url}/api/v2/user_fields`, token, { type: 'text', key: 'k', title: 't' }))
        .status,
    ).toBe(400);
    expect((await post({ type: 'checkbox', key: 'sf_vip', title: 'VIP' })).status).toBe(201);
    const listed = (await get(`${s.url}/api/v2/user_fields`, token)).json();
    expect(listed.user_fields.map((f: { key: string; type: string }) => `${f.key}:${f.type}`)).toEqual([
      'sf_tier:dropdown',
      'sf_vip:checkbox',
    ]);
  });

  it('checks values against the field type when a user is written', async () => {
    const s = await startTestSandbox();
    const token = s.state.issueAccessToken();
    s.state.addUserField({
      type: 'dropdown',
      key: 'tier',
      title: 'Tier',
      custom_field_options: [{ name: 'Gold', value: 'gold' }],
    });
    s.state.addUserField({ type: 'integer', key: 'seats', title: 'Seats' });
    const url = `${s.url}/api/v2/users/create_or_update`;
    const good = await send('POST', url, token, {
      user: { name: 'Ada', email: 'ada@acme.test', user_fields: { tier: 'gold', seats: '3', unknown: 'x' } },
    });
    expect(good.json().user.user_fields).toEqual({ tier: 'gold', seats: 3 });
    const bad = await send('POST', url, token, {
      user: { name: 'Ada', email: 'ada@acme.test', user_fields: { tier: 'platinum' } },
    });
    expect(bad.status).toBe(422);
    expect(bad.json().details.tier[0].description).toBe('Tier: "platinum" is not a valid dropdown value');
  });

  it('a users:write token reaches user writes but not user fields (only the broad write scope does)', async () => {
    const s = await startTestSandbox();
    const res = await send(
      'POST',
      `${s.url}/api/v2/user_fields`,
      s.state.issueAccessToken('read users:write'),
      {
        user_field: { type: 'text', key: 'k1', title: 'K' },
      },
    );
    expect(res.status).toBe(403);
    expect(res.json().description).toBe('You are missing the following required scopes: write');
  });
});
