import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpClient, HttpError } from './http-client';
import { silentLogger } from './logger';
import { redact } from './redact';

type Reply =
  { status: number; headers?: Record<string, string>; body?: string } | 'reset' | 'hang' | 'trickle';

/** A real local server that plays a script of replies, one per request. */
const open: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((close) => close()));
});

async function scriptedServer(script: Reply[]): Promise<{ url: string; hits: () => number }> {
  let hits = 0;
  const server: Server = createServer((req, res) => {
    const reply = script[Math.min(hits++, script.length - 1)];
    if (reply === 'reset') return req.socket.destroy();
    if (reply === 'hang') return;
    if (reply === 'trickle') {
      // Headers at once, then a byte every 50 ms, for ever: never idle, never done.
      res.writeHead(200);
      const drip = setInterval(() => res.write('.'), 50);
      res.on('close', () => clearInterval(drip));
      return;
    }
    res.writeHead(reply.status, reply.headers).end(reply.body ?? '');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  open.push(() => new Promise((r) => (server.closeAllConnections(), server.close(() => r()))));
  return { url: `http://127.0.0.1:${port}/api/thing?email=x@y.z`, hits: () => hits };
}

function client(sleeps: number[], extra: Partial<ConstructorParameters<typeof HttpClient>[0]> = {}) {
  return new HttpClient({
    name: 'test',
    logger: silentLogger(),
    sleep: async (ms) => void sleeps.push(ms),
    random: () => 0,
    timing: { minDelayMs: 10, maxDelayMs: 1000, maxHeaderWaitMs: 60_000 },
    ...extra,
  });
}

describe('HttpClient', () => {
  it('retries 5xx and a connection reset, then returns the answer', async () => {
    const srv = await scriptedServer([{ status: 503 }, 'reset', { status: 200, body: 'ok' }]);
    const sleeps: number[] = [];
    const res = await client(sleeps, { random: () => 1 }).request({ url: srv.url });
    expect(res).toMatchObject({ status: 200, body: 'ok' });
    expect(srv.hits()).toBe(3);
    expect(sleeps).toEqual([10, 20]);
  });

  it('waits as long as Retry-After says on a 429, without using up the failure attempts', async () => {
    const srv = await scriptedServer([
      ...Array.from({ length: 6 }, () => ({ status: 429, headers: { 'Retry-After': '3' } })),
      { status: 200, body: 'done' },
    ]);
    const sleeps: number[] = [];
    const res = await client(sleeps, { maxAttempts: 2 }).request({ url: srv.url });
    expect(res.status).toBe(200);
    expect(sleeps).toEqual([3000, 3000, 3000, 3000, 3000, 3000]);
  });

  it('returns other 4xx at once: the request itself is wrong', async () => {
    const srv = await scriptedServer([{ status: 422, body: '{"error":"RecordInvalid"}' }]);
    const res = await client([]).request({ url: srv.url, method: 'POST', body: '{}' });
    expect(res.status).toBe(422);
    expect(srv.hits()).toBe(1);
  });

  it('gives up after maxAttempts with a typed error that names no query string', async () => {
    const srv = await scriptedServer([{ status: 500 }]);
    const error = await client([], { maxAttempts: 3 })
      .request({ url: srv.url })
      .catch((e) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect(error).toMatchObject({ kind: 'status', status: 500 });
    expect(error.message).toContain('/api/thing');
    expect(error.message).not.toContain('x@y.z');
    expect(srv.hits()).toBe(3);
  });

  it('times out a request that never answers, and retries it', async () => {
    const srv = await scriptedServer(['hang', { status: 200, body: 'late' }]);
    const res = await client([], { timeoutMs: 150 }).request({ url: srv.url });
    expect(res.body).toBe('late');
  });

  it('gives a whole request its timeout, not only each silence: an answer that trickles is cut', async () => {
    const srv = await scriptedServer(['trickle']);
    const started = Date.now();
    const failure = await client([], { timeoutMs: 400, maxAttempts: 1 })
      .request({ url: srv.url })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(HttpError);
    expect((failure as HttpError).kind).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it('refuses to sleep longer than allowed and says when to come back', async () => {
    const srv = await scriptedServer([{ status: 429, headers: { 'Retry-After': '3600' } }]);
    const error = await client([])
      .request({ url: srv.url })
      .catch((e) => e);
    expect(error).toMatchObject({ kind: 'rate_limited', status: 429 });
    expect(error.retryAfterMs).toBeGreaterThanOrEqual(3_600_000);
  });

  it('does not repeat a POST whose answer was lost or failed: it may have been applied', async () => {
    for (const first of ['hang', 'reset', { status: 502 }] as Reply[]) {
      const srv = await scriptedServer([first, { status: 200, body: 'again' }]);
      const error = await client([], { timeoutMs: 150 })
        .request({ url: srv.url, method: 'POST', body: 'grant_type=refresh_token' })
        .catch((e) => e);
      expect(error).toBeInstanceOf(HttpError);
      expect(srv.hits()).toBe(1);
    }
  });

  it('repeats a POST the server refused with 429, and one whose caller opted in', async () => {
    const limited = await scriptedServer([{ status: 429, headers: { 'Retry-After': '1' } }, { status: 200 }]);
    const res = await client([]).request({ url: limited.url, method: 'POST', body: '{}' });
    expect(res.status).toBe(200);
    expect(limited.hits()).toBe(2);

    const srv = await scriptedServer(['hang', { status: 503 }, { status: 200, body: 'created' }]);
    const created = await client([], { timeoutMs: 150 }).request({
      url: srv.url,
      method: 'POST',
      body: '{}',
      idempotent: true,
    });
    expect(created.body).toBe('created');
    expect(srv.hits()).toBe(3);
  });

  it('repeats a POST that never left: the connection was refused', async () => {
    const srv = await scriptedServer([{ status: 200 }]);
    const port = new URL(srv.url).port;
    await Promise.all(open.splice(0).map((close) => close()));
    const attempts: number[] = [];
    const error = await client(attempts, { maxAttempts: 3 })
      .request({ url: `http://127.0.0.1:${port}/x`, method: 'POST', body: '{}' })
      .catch((e) => e);
    expect(error).toMatchObject({ kind: 'network' });
    expect(attempts).toHaveLength(2);
  });

  it('keeps neither the request headers nor its body in the error it throws, nor in what is logged', async () => {
    const srv = await scriptedServer(['reset']);
    const error = await client([])
      .request({
        url: srv.url,
        method: 'POST',
        headers: {
          Authorization: 'Bearer sekret-access',
          'Content-Type': 'application/x-www-form-urlencoded',
        },
        body: 'grant_type=refresh_token&refresh_token=sekret-refresh',
      })
      .catch((e) => e);
    expect(error).toMatchObject({ kind: 'network' });
    expect(error.cause).toMatchObject({ code: 'ECONNRESET' });
    expect(Object.keys(error.cause)).not.toContain('config');
    expect(JSON.stringify(redact(error))).not.toContain('sekret');
  });
});
