/**
 * `GET /api/v2/users`, `GET /api/v2/users/{id}` and `GET /api/v2/deleted_users/{id}`
 * (https://developer.zendesk.com/api-reference/ticketing/users/users/). Every path also answers
 * with the `.json` suffix, as Zendesk does (node-zendesk sends it).
 * Listings are in id order: cursors name an id, so concurrent changes never skip or repeat a user.
 */
import { Request, Response, Router } from 'express';
import { cursorPage, cursorSlice, offsetSlice, pageUrl, parsePageRequest } from './pagination';
import { setListRateLimitHeaders } from './gateway';
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
    setListRateLimitHeaders(res);
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
    res.json(cursorPage('users', cursorSlice(store, filter.value, p), (set) => pageUrl(base, q, set)));
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
