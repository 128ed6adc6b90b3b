/**
 * `GET /api/v2/custom_roles` (custom roles "come from GET /api/v2/custom_roles",
 * Enterprise). [inferred] one unpaginated list, as the endpoint takes no paging parameters; the member
 * count is computed per request (live users only).
 */
import { Request, Response, Router } from 'express';
import { setListRateLimitHeaders } from './gateway';
import { Account } from './state';

export function customRolesRouter(account: Account): Router {
  const router = Router();
  router.get(['/custom_roles', '/custom_roles.json'], (_req: Request, res: Response) => {
    setListRateLimitHeaders(res);
    const members = new Map<number, number>();
    for (const u of account.userStore.all())
      if (u.custom_role_id !== null && !account.userStore.isDeleted(u.id))
        members.set(u.custom_role_id, (members.get(u.custom_role_id) ?? 0) + 1);
    res.json({
      custom_roles: account.roles.all().map((r) => ({ ...r, team_member_count: members.get(r.id) ?? 0 })),
    });
  });
  return router;
}
