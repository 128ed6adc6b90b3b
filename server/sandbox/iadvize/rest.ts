/**
 * REST API v2 under /api/2: the `operator` resource, read-only.
 *
 * Documented: the key as `X-API-Key`, `?key=` or the Basic-auth username (any password); the
 * `{meta, data, pagination}` envelope; `{meta:{status:'error', message:'Forbidden'}}` on a bad key;
 * `{meta:{status:'fail', message:"Unknown 'operator' with 'id' 456."}}`.
 * Inferred (the docs give no HTTP codes): 403 for `error`/Forbidden, 404 for an unknown id or
 * resource, 400 for bad parameters, 405 for the write methods (POST/PUT/DELETE exist but their
 * bodies are no longer documented, so the sandbox does not guess them).
 */
import { timingSafeEqual } from 'node:crypto';
import express, { NextFunction, Request, Response } from 'express';
import { operatorFilter, toRestOperator, operatorLink } from './rest-operator';
import { parseListQuery } from './rest-query';
import { Tenant } from './state';

function apiKeyOf(req: Request): string | undefined {
  const header = req.get('x-api-key');
  if (header) return header;
  const query = req.query.key;
  if (typeof query === 'string' && query !== '') return query;
  const basic = /^Basic\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  if (basic) {
    const user = Buffer.from(basic[1], 'base64').toString('utf8').split(':')[0];
    if (user) return user;
  }
  return undefined;
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

const fail = (res: Response, status: number, message: string) =>
  res.status(status).json({ meta: { status: 'fail', message } });

export function restRouter(tenant: Tenant, restApiKey: string): express.Router {
  const router = express.Router();

  router.use((req: Request, res: Response, next: NextFunction) => {
    const key = apiKeyOf(req);
    if (key === undefined || !sameSecret(key, restApiKey)) {
      res.status(403).json({ meta: { status: 'error', message: 'Forbidden' } });
      return;
    }
    next();
  });

  router.get('/operator', (req, res) => {
    const query = parseListQuery(req.query as Record<string, unknown>);
    if (!query.ok) return void fail(res, 400, query.message);
    const filter = operatorFilter(query.value.filters);
    if (!filter.ok) return void fail(res, 400, `Unknown filter '${filter.unknown}'.`);
    tenant.count('GET /operator');
    const { page, limit, full } = query.value;
    const matches = tenant.store.all().filter(filter.filter);
    const slice = matches.slice((page - 1) * limit, page * limit);
    res.json({
      meta: { status: 'success' },
      data: slice.map((op) => (full ? toRestOperator(op) : { id: op.id, _link: operatorLink(op.id) })),
      // Inferred: count is the total number of matches; pages is at least 1 so "page == pages" ends paging.
      pagination: {
        page,
        pages: Math.max(1, Math.ceil(matches.length / limit)),
        limit,
        count: matches.length,
      },
    });
  });

  router.get('/operator/:id', (req, res) => {
    tenant.count('GET /operator/{id}');
    const id = /^\d+$/.test(req.params.id) ? Number(req.params.id) : NaN;
    const op = Number.isSafeInteger(id) ? tenant.store.get(id) : undefined;
    if (!op) return void fail(res, 404, `Unknown 'operator' with 'id' ${req.params.id}.`);
    res.json({ meta: { status: 'success' }, data: toRestOperator(op) });
  });

  router.all(['/operator', '/operator/:id'], (req, res) => {
    fail(res, 405, `Method ${req.method} is not supported by the sandbox on this resource.`);
  });

  router.use((req, res) => {
    const resource = req.path.split('/')[1] ?? '';
    fail(res, 404, `Unknown resource '${resource}'.`);
  });

  return router;
}
