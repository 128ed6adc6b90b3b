import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { clientFor, closeAll, sandbox } from './test-sandbox';

const servers: Server[] = [];
afterEach(async () => {
  await closeAll();
  await Promise.all(
    servers.splice(0).map((s) => new Promise<void>((r) => (s.closeAllConnections(), s.close(() => r())))),
  );
});

/** A server standing in for a broken gateway: the token endpoint works, everything else answers `reply`. */
async function gatewayAnswering(reply: {
  status: number;
  type: string;
  body: string;
}): Promise<{ url: string }> {
  const server = createServer((req, res) => {
    if (req.url?.startsWith('/oauth2/token')) {
      res
        .writeHead(200, { 'Content-Type': 'application/json' })
        .end(JSON.stringify({ access_token: 't', expires_in: 86400, token_type: 'Bearer' }));
      return;
    }
    res.writeHead(reply.status, { 'Content-Type': reply.type }).end(reply.body);
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

const NGINX_502 =
  '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n</body>\r\n</html>\r\n';

describe('IAdvizeClient under faults', () => {
  it('creates 200 operators through 10% 5xx and 5% 429 with no failure and no duplicate', async () => {
    const s = await sandbox({ faults: { error5xxRate: 0.1, rate429: 0.05, seed: 2024 } });
    const client = clientFor(s);
    const emails = Array.from({ length: 200 }, (_, i) => `agent${i}@example.com`);
    const results = [];
    for (let i = 0; i < emails.length; i += 20) {
      const batch = emails
        .slice(i, i + 20)
        .map((email, j) => client.createOperator({ email, lastName: `Agent ${i + j}`, pseudo: `a${i + j}` }));
      results.push(...(await Promise.all(batch)));
    }
    expect(results.filter((r) => !r.ok)).toEqual([]);
    expect(s.state.counters.created).toBe(200);
    const created = s.state.operators().filter((op) => op.email.startsWith('agent'));
    expect(new Set(created.map((op) => op.email.toLowerCase())).size).toBe(200);
    expect(created).toHaveLength(200);
    // The faults did happen, and were absorbed by retries.
    expect(s.state.counters.faults5xx).toBeGreaterThan(5);
    expect(s.state.counters.faults429).toBeGreaterThan(2);
    expect(s.state.counters.token).toBe(1);
  });

  it('reads through faults too', async () => {
    const s = await sandbox({ faults: { error5xxRate: 0.2, rate429: 0.1, seed: 7 } });
    const seeded = s.state.seedOperator({ email: 'grace@example.com', lastName: 'Hopper' });
    const client = clientFor(s);
    for (let i = 0; i < 20; i++) {
      expect(await client.findOperatorsByEmail('grace@example.com')).toHaveLength(1);
      expect(await client.getOperator(String(seeded.id))).toMatchObject({ ssoKey: seeded.ssoKey });
    }
  });

  it('gives a clear error when iAdvize keeps answering an HTML 502 page', async () => {
    const gw = await gatewayAnswering({ status: 502, type: 'text/html', body: NGINX_502 });
    const client = clientFor(gw);
    await expect(
      client.createOperator({ email: 'a@b.co', lastName: 'B', pseudo: 'b' }),
    ).rejects.toMatchObject({
      code: 'IADVIZE_UNAVAILABLE',
      operation: 'professionalCreate',
      message:
        'iAdvize could not be reached or kept failing: professionalCreate: iadvize: POST /graphql answered 502 after 5 attempts',
    });
  });

  it('names an HTML page served with 200 instead of failing on "Unexpected token <"', async () => {
    const gw = await gatewayAnswering({
      status: 200,
      type: 'text/html',
      body: '<!DOCTYPE html><html><head><title>Scheduled maintenance</title></head></html>',
    });
    const client = clientFor(gw);
    await expect(
      client.createOperator({ email: 'a@b.co', lastName: 'B', pseudo: 'b' }),
    ).rejects.toMatchObject({
      code: 'IADVIZE_BAD_RESPONSE',
      message:
        'iAdvize sent a response the companion cannot read: professionalCreate: an HTML page instead of JSON (HTTP 200, "Scheduled maintenance")',
    });
    await expect(client.getOperator('1')).rejects.toMatchObject({
      code: 'IADVIZE_BAD_RESPONSE',
      operation: 'GET /operator/{id}',
    });
    await expect(client.findOperatorsByEmail('a@b.co')).rejects.toMatchObject({
      code: 'IADVIZE_BAD_RESPONSE',
      operation: 'GET /operator',
    });
  });

  it('gives a clear error when the rate limit never lifts', async () => {
    const s = await sandbox({ faults: { rate429: 1 } });
    const client = clientFor(s, { http: { maxRateLimitWaits: 3 } });
    await expect(client.getOperator('100001')).rejects.toMatchObject({
      code: 'IADVIZE_RATE_LIMITED',
      retryable: true,
    });
  });
});
