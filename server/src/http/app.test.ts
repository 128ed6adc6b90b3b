import { Router } from 'express';
import { Counter, Registry } from 'prom-client';
import request from 'supertest';
import { silentLogger } from '../lib/logger';
import { ERRORS } from '../lib/errors';
import { buildApp } from './app';

describe('companion HTTP app', () => {
  it('is healthy as soon as it runs', async () => {
    const app = buildApp({ logger: silentLogger(), readiness: [] });
    await request(app).get('/healthz').expect(200, { status: 'ok' });
  });

  it('is ready only when every check passes, and says which one is not', async () => {
    let streaming = false;
    const app = buildApp({
      logger: silentLogger(),
      readiness: [
        { name: 'store', ready: () => true },
        { name: 'streaming', ready: () => streaming },
      ],
    });
    await request(app)
      .get('/readyz')
      .expect(503, { status: 'not ready', checks: { store: true, streaming: false } });
    streaming = true;
    await request(app)
      .get('/readyz')
      .expect(200, { status: 'ready', checks: { store: true, streaming: true } });
  });

  it('says on /readyz which channels it consumes or stands by for', async () => {
    const app = buildApp({
      logger: silentLogger(),
      readiness: [{ name: 'streaming', ready: () => true }],
      details: () => ({ channels: { '/event/A__e': 'standby' } }),
    });
    await request(app)
      .get('/readyz')
      .expect(200, { status: 'ready', checks: { streaming: true }, channels: { '/event/A__e': 'standby' } });
  });

  it('serves the routers it is given before answering 404', async () => {
    const router = Router();
    router.get('/oauth/zendesk/start', (_req, res) => void res.status(204).end());
    const app = buildApp({ logger: silentLogger(), readiness: [], routers: [router] });
    await request(app).get('/oauth/zendesk/start').expect(204);
    await request(app).get('/oauth/other').expect(404);
  });

  it('serves /metrics in the Prometheus text format when given a registry, and 404 without one', async () => {
    const registry = new Registry();
    new Counter({ name: 'usersync_example_total', help: 'An example.', registers: [registry] }).inc(2);
    const app = buildApp({ logger: silentLogger(), readiness: [], metrics: registry });
    const res = await request(app).get('/metrics').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(res.text).toContain('# TYPE usersync_example_total counter\nusersync_example_total 2\n');
    await request(buildApp({ logger: silentLogger(), readiness: [] }))
      .get('/metrics')
      .expect(404);
  });

  it('answers unknown paths with the catalogue code', async () => {
    const app = buildApp({ logger: silentLogger(), readiness: [] });
    const res = await request(app).get('/nope').expect(404);
    expect(res.body.error.code).toBe('NOT_FOUND');
  });

  it('answers only with catalogue codes: unknown paths, bad requests and unexpected failures', async () => {
    const router = Router();
    router.get('/boom', () => {
      throw new Error('secret detail from a provider');
    });
    router.get('/items/:id', (_req, res) => void res.status(204).end());
    const app = buildApp({ logger: silentLogger(), readiness: [], routers: [router] });

    const missing = await request(app).get('/nope').expect(404);
    const broken = await request(app).get('/boom').expect(500);
    const undecodable = await request(app).get('/items/%E0%A4%A').expect(400);
    for (const res of [missing, broken, undecodable]) {
      expect(Object.keys(ERRORS)).toContain(res.body.error.code);
      expect(res.body.error.message).toBe(ERRORS[res.body.error.code as keyof typeof ERRORS].message);
    }
    expect(broken.body.error.code).toBe('INTERNAL');
    expect(undecodable.body.error.code).toBe('REQUEST_INVALID');
    expect(JSON.stringify(broken.body)).not.toContain('secret detail');
  });
});
