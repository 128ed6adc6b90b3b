/**
 * `GET /api/v2/users` (reference §1.2), `GET /api/v2/users/{id}` and `GET /api/v2/deleted_users/{id}`
 * (§1.5). Every path also answers with the `.json` suffix, as Zendesk does (node-zendesk sends it).
 * Listings are in id order: cursors name an id, so concurrent changes never skip or repeat a user.
 */
import { Request, Response, Router } from 'express';
import { cursorSlice, encodeCursor, offsetSlice, pageUrl, parsePageRequest } from './pagination';
import { badRequest, notFound, serverError } from './replies';
import { Account } from './state';
import { parseUserFilter } from './user-filter';

const query = (req: Request) => new URL(req.originalUrl, 'http://sandbox').searchParams;
const idParam = (raw: string): number | undefined => {
  const m = /^(\d{1,18})(\.json)?$/.exec(raw);
  return m ? Number(m[1]) : undefined;
};

function list(account: Account) {
  return (req: Request, res: Response): void => {
    account.counters.usersList += 1;
    const q = query(req);
    const paging = parsePageRequest(q);
    if (!paging.ok) return badRequest(res, paging.error);
    const filter = parseUserFilter(
      q,
      account.roles,
      (id) => account.userStore.isDeleted(id),
      account.faults.ignoreRoleFilter,
    );
    if (!filter.ok) return badRequest(res, filter.error);
    const base = `${account.baseUrl}${req.baseUrl}${req.path}`;
    const store = account.userStore;

    if (paging.value.mode === 'offset') {
      const p = paging.value;
      if (account.faults.failPage === p.page) {
        account.counters.faults5xx += 1;
        return serverError(res, 500);
      }
      const { items, count } = offsetSlice(store.all(), filter.value, p);
      const more = p.page * p.perPage < count && p.page * p.perPage < 10_000;
      res.json({
        users: items,
        next_page: more ? pageUrl(base, q, { page: String(p.page + 1) }) : null,
        previous_page: p.page > 1 ? pageUrl(base, q, { page: String(p.page - 1) }) : null,
        count,
      });
      return;
    }

    const p = paging.value;
    const pageNo = p.after?.p ?? p.before?.p ?? 1;
    if (account.faults.failPage === pageNo) {
      account.counters.faults5xx += 1;
      return serverError(res, 500);
    }
    const slice = cursorSlice(store, filter.value, p);
    const first = slice.items[0];
    const last = slice.items[slice.items.length - 1];
    const afterCursor = last ? encodeCursor({ v: last.id, p: slice.pageNo + 1 }) : null;
    const beforeCursor =
      first && slice.pageNo > 1 ? encodeCursor({ v: first.id, p: slice.pageNo - 1 }) : null;
    res.json({
      users: slice.items,
      meta: {
        ...(p.boundaryIndicators ? { has_more: slice.hasMore } : {}),
        after_cursor: afterCursor,
        before_cursor: beforeCursor,
      },
      links: {
        next: slice.hasMore && afterCursor ? pageUrl(base, q, { 'page[after]': afterCursor }) : null,
        prev: slice.hasPrev && beforeCursor ? pageUrl(base, q, { 'page[before]': beforeCursor }) : null,
      },
    });
  };
}

export function usersRouter(account: Account): Router {
  const router = Router();
  router.get(['/users', '/users.json'], list(account));
  router.get('/users/:id', (req: Request, res: Response) => {
    const id = idParam(String(req.params.id));
    const user = id === undefined ? undefined : account.userStore.get(id);
    if (!user) return notFound(res);
    res.json({ user });
  });
  router.get('/deleted_users/:id', (req: Request, res: Response) => {
    const id = idParam(String(req.params.id));
    if (id === undefined || !account.userStore.isDeleted(id)) return notFound(res);
    res.json({ deleted_user: account.userStore.get(id) });
  });
  return router;
}
