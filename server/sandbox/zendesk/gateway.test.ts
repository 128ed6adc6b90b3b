import { closeSandboxes, fakeClock, get, startTestSandbox } from './test-helpers';

afterEach(closeSandboxes);

const basic = (user: string, secret: string) =>
  `Basic ${Buffer.from(`${user}:${secret}`).toString('base64')}`;

describe('gateway and authentication', () => {
  it('answers 429 with Retry-After once the per-minute limit is spent, and counts it', async () => {
    const clock = fakeClock();
    const s = await startTestSandbox({ now: clock.now, requestsPerMinute: 2 });
    const token = s.state.issueAccessToken();
    const url = `${s.url}/api/v2/users?page[size]=1`;
    const first = await get(url, token);
    expect(first.headers.get('x-rate-limit')).toBe('2');
    expect(first.headers.get('x-rate-limit-remaining')).toBe('1');
    // List endpoints also send the ratelimit-* trio; reset counts seconds until a slot frees.
    expect(first.headers.get('ratelimit-limit')).toBe('2');
    expect(first.headers.get('ratelimit-remaining')).toBe('1');
    expect(first.headers.get('ratelimit-reset')).toBe('60');
    expect(first.headers.get('retry-after')).toBeNull();
    clock.advance(20_000);
    const second = await get(`${s.url}/api/v2/custom_roles`, token);
    expect(second.headers.get('ratelimit-remaining')).toBe('0');
    expect(second.headers.get('ratelimit-reset')).toBe('40');
    const refused = await get(url, token);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('40');
    expect(refused.json().error).toBe('APIRateLimitExceeded');
    expect(s.state.counters.rateLimited).toBe(1);
    clock.advance(40_000);
    expect((await get(url, token)).status).toBe(200);
  });

  it('injects 5xx and edge-protection 429s reproducibly', async () => {
    const s = await startTestSandbox({ faults: { error5xxRate: 0.5, edge429Rate: 0.5, seed: 7 } });
    const token = s.state.issueAccessToken();
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++)
      statuses.push((await get(`${s.url}/api/v2/users?page[size]=1`, token)).status);
    expect(statuses.every((x) => x === 429 || x >= 500)).toBe(true);
    expect(s.state.counters.faults5xx + s.state.counters.rateLimited).toBe(6);
    s.state.setFaults({ edge429Rate: 1 });
    const edge = await get(`${s.url}/api/v2/users?page[size]=1`, token);
    expect(edge.json()).toEqual({
      detail: 'Rate limited by Zendesk edge protection',
      status: '429',
      title: 'Automated response',
    });
    expect(edge.headers.get('retry-after')).toBeNull();
  });

  it('fails every request for page N when failPage is set', async () => {
    const s = await startTestSandbox({ faults: { failPage: 2 } });
    for (let i = 0; i < 3; i++) s.state.addUser({ name: `A${i}`, email: `a${i}@x.test`, role: 'agent' });
    const token = s.state.issueAccessToken();
    const first = await get(`${s.url}/api/v2/users?role=agent&page[size]=2`, token);
    expect(first.status).toBe(200);
    for (let i = 0; i < 2; i++) expect((await get(first.json().links.next, token)).status).toBe(500);
    expect((await get(`${s.url}/api/v2/users?role=agent&per_page=2&page=2`, token)).status).toBe(500);
  });

  it('accepts API-token Basic auth and refuses anything else', async () => {
    const s = await startTestSandbox({ apiToken: { email: 'admin@acme.test', token: 'tok-123' } });
    const url = `${s.url}/api/v2/users?page[size]=1`;
    expect(
      (await get(url, undefined, { Authorization: basic('admin@acme.test/token', 'tok-123') })).status,
    ).toBe(200);
    const wrong = await get(url, undefined, { Authorization: basic('admin@acme.test/token', 'nope') });
    expect(wrong.status).toBe(401);
    expect(wrong.json()).toEqual({ error: "Couldn't authenticate you" });
    expect((await get(url)).status).toBe(401);
    expect((await get(url, 'unknown-token')).json().error).toBe('invalid_token');
  });

  it('counts requests by route', async () => {
    const s = await startTestSandbox();
    const u = s.state.addUser({ name: 'A', email: 'a@x.test', role: 'agent' });
    const token = s.state.issueAccessToken();
    await get(`${s.url}/api/v2/users.json?page[size]=1`, token);
    await get(`${s.url}/api/v2/users/${u.id}.json`, token);
    await get(`${s.url}/api/v2/nothing`, token);
    expect(s.state.counters.byPath).toEqual({
      'GET /api/v2/users': 1,
      'GET /api/v2/users/:id': 1,
      'GET /api/v2/nothing': 1,
    });
    expect(s.state.counters.requests).toBe(3);
    s.state.resetCounters();
    expect(s.state.counters.requests).toBe(0);
  });
});
