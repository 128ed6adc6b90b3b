/**
 * `GET /api/v2/user_fields` (cursor or offset pagination, 100 a page) and `POST /api/v2/user_fields`
 * with the body wrapped in `user_field` (https://developer.zendesk.com/api-reference/ticketing/users/user_fields/;
 * node-zendesk#336 got a 400 without the wrapper). A refused field is 422 RecordInvalid naming what
 * is wrong (user-fields.ts has the rules and what is chosen).
 */
import express, { Request, Response, Router } from 'express';
import { setListRateLimitHeaders } from './gateway';
import { cursorPage, cursorSlice, offsetSlice, pageUrl, parsePageRequest } from './pagination';
import { badRequest } from './replies';
import { Account } from './state';

const query = (req: Request) => new URL(req.originalUrl, 'http://sandbox').searchParams;

export function userFieldsRouter(account: Account): Router {
  const router = Router();
  router.get(['/user_fields', '/user_fields.json'], (req: Request, res: Response) => {
    setListRateLimitHeaders(res);
    const q = query(req);
    const paging = parsePageRequest(q);
    if (!paging.ok) return badRequest(res, paging.error);
    const base = `${account.baseUrl}${req.baseUrl}${req.path}`;
    const all = () => true;
    if (paging.value.mode === 'cursor') {
      res.json(
        cursorPage('user_fields', cursorSlice(account.fields, all, paging.value), (set) =>
          pageUrl(base, q, set),
        ),
      );
      return;
    }
    const p = paging.value;
    const { items, count } = offsetSlice(account.fields.all(), all, p);
    res.json({
      user_fields: items,
      next_page: p.page * p.perPage < count ? pageUrl(base, q, { page: String(p.page + 1) }) : null,
      previous_page: p.page > 1 ? pageUrl(base, q, { page: String(p.page - 1) }) : null,
      count,
    });
  });
  router.post(
    ['/user_fields', '/user_fields.json'],
    express.json({ limit: '256kb' }),
    (req: Request, res: Response) => {
      const raw = (req.body as { user_field?: unknown } | undefined)?.user_field;
      if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
        res.status(400).json({ error: 'InvalidValue', description: 'user_field must be an object' });
        return;
      }
      const created = account.fields.create(raw as Record<string, unknown>);
      if (!('id' in created)) {
        res.status(422).json({
          error: 'RecordInvalid',
          description: 'Record validation errors',
          details: { [created.field]: [{ description: created.description, error: 'InvalidValue' }] },
        });
        return;
      }
      res.status(201).set('Location', created.url).json({ user_field: created });
    },
  );
  return router;
}
