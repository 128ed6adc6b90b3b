/**
 * Finding users (https://developer.zendesk.com/api-reference/ticketing/users/users/):
 * - `GET /api/v2/users/show_many?ids=…` or `?external_ids=…` (≤ 100): the users found, unpaginated;
 * - `GET /api/v2/users/search?query=…` or `?external_id=…`: offset pagination, 100 a page, "to a
 *   maximum of 10,000 records per query";
 * - `GET /api/v2/users/{id}/identities`: the email identities (a secondary one is what an update
 *   with another email adds).
 * Chosen here: `query` understands `email:value` (quoted or not, exact, any case, primary or secondary
 * email) and otherwise matches names and emails containing the text; no indexing delay (Zendesk can
 * take minutes to index a new user for search); deleted users are never found; the 400 texts.
 */
import { Request, Response, Router } from 'express';
import { offsetSlice, OFFSET_RECORD_LIMIT, pageUrl } from './pagination';
import { badRequest } from './replies';
import { Account } from './state';
import { MAX_BULK_USERS } from './user-writes-route';
import type { ZendeskUser } from './users';

const query = (req: Request) => new URL(req.originalUrl, 'http://sandbox').searchParams;

function showMany(account: Account) {
  return (req: Request, res: Response): void => {
    const q = query(req);
    const ids = q.get('ids');
    const externalIds = q.get('external_ids');
    const keys = (ids ?? externalIds ?? '').split(',').filter(Boolean);
    if (keys.length === 0) return badRequest(res, 'ids or external_ids is required');
    if (keys.length > MAX_BULK_USERS) return badRequest(res, `At most ${MAX_BULK_USERS} ids per request`);
    const store = account.userStore;
    const found = keys
      .map((key) => (ids !== null ? store.get(Number(key)) : store.byExternalId(key)))
      .filter((u): u is ZendeskUser => u !== undefined && !store.isDeleted(u.id));
    res.json({ users: [...new Map(found.map((u) => [u.id, u])).values()] });
  };
}

/** What a search query matches: `email:x` exactly, anything else as text in names and emails. */
function matcher(account: Account, raw: string): (u: ZendeskUser) => boolean {
  const email = /^\s*email:\s*"?([^"\s]+)"?\s*$/i.exec(raw)?.[1];
  if (email) {
    const holder = account.userStore.byEmail(email);
    return (u) => u.id === holder?.id;
  }
  const text = raw.trim().toLowerCase();
  return (u) => u.name.toLowerCase().includes(text) || (u.email ?? '').toLowerCase().includes(text);
}

function search(account: Account) {
  return (req: Request, res: Response): void => {
    const q = query(req);
    const page = Number(q.get('page') ?? '1');
    const perPage = Math.min(100, Number(q.get('per_page') ?? '100'));
    if (!Number.isInteger(page) || page < 1 || !Number.isInteger(perPage) || perPage < 1)
      return badRequest(res, 'page and per_page must be positive integers');
    if ((page - 1) * perPage >= OFFSET_RECORD_LIMIT)
      return badRequest(res, `Search results are limited to the first ${OFFSET_RECORD_LIMIT} records`);
    const externalId = q.get('external_id');
    const text = q.get('query');
    if (externalId === null && text === null) return badRequest(res, 'query or external_id is required');
    const store = account.userStore;
    const byExternal = externalId === null ? undefined : store.byExternalId(externalId);
    const matches =
      externalId !== null ? (u: ZendeskUser) => u.id === byExternal?.id : matcher(account, text ?? '');
    const live = (u: ZendeskUser) => !store.isDeleted(u.id) && matches(u);
    const { items, count } = offsetSlice(store.all(), live, { mode: 'offset', page, perPage });
    const reachable = Math.min(count, OFFSET_RECORD_LIMIT);
    const base = `${account.baseUrl}${req.baseUrl}${req.path}`;
    res.json({
      users: items,
      next_page: page * perPage < reachable ? pageUrl(base, q, { page: String(page + 1) }) : null,
      previous_page: page > 1 ? pageUrl(base, q, { page: String(page - 1) }) : null,
      count,
    });
  };
}

function identities(account: Account) {
  return (req: Request, res: Response): void => {
    const id = Number(req.params.id);
    const user = account.userStore.get(id);
    if (!user) {
      res.status(404).json({ error: 'RecordNotFound', description: 'Not found' });
      return;
    }
    res.json({
      identities: account.userStore.emailIdentities(id).map((value, i) => ({
        user_id: id,
        type: 'email',
        value,
        primary: i === 0,
        verified: user.verified,
      })),
    });
  };
}

export function userLookupsRouter(account: Account): Router {
  const router = Router();
  router.get(['/users/show_many', '/users/show_many.json'], showMany(account));
  router.get(['/users/search', '/users/search.json'], search(account));
  router.get(['/users/:id/identities', '/users/:id/identities.json'], identities(account));
  return router;
}
