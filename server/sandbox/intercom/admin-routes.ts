/**
 * GET /admins, GET /admins/{id} and GET /me. The list is the whole workspace in one
 * response, `{type:'admin.list', admins:[…]}`, with no `pages` object and no paging parameters.
 */
import { Request, Response, Router } from 'express';
import { renderAdmin } from './admins';
import { ADMIN_NOT_FOUND, sendErrorList } from './error-list';
import { Workspace } from './state';

export type AppRegion = 'US' | 'EU' | 'AU';

const displayAvatar = (req: Request) => req.query.display_avatar === 'true';

export function adminRoutes(workspace: Workspace, me: { ownerId: string; region: AppRegion }): Router {
  const router = Router();

  router.get('/admins', (req: Request, res: Response) => {
    workspace.counters.admins += 1;
    const version = res.locals.version as string;
    res.json({
      type: 'admin.list',
      admins: workspace.admins().map((a) => renderAdmin(a, version, displayAvatar(req))),
    });
  });

  router.get('/admins/:id', (req: Request, res: Response) => {
    workspace.counters.admins += 1;
    const admin = workspace.store.get(String(req.params.id));
    if (!admin) return sendErrorList(res, 404, ADMIN_NOT_FOUND.code, ADMIN_NOT_FOUND.message);
    res.json(renderAdmin(admin, res.locals.version as string, displayAvatar(req)));
  });

  /**
   * [doc] the installing admin and its `app` (`id_code`, `region`). [inferred] the other app
   * fields and the region spelling ('US' | 'EU' | 'AU'); a removed installer answers admin_not_found.
   */
  router.get('/me', (_req: Request, res: Response) => {
    const owner = workspace.store.get(me.ownerId);
    if (!owner) return sendErrorList(res, 404, ADMIN_NOT_FOUND.code, ADMIN_NOT_FOUND.message);
    res.json({
      type: 'admin',
      id: owner.id,
      email: owner.email,
      name: owner.name,
      email_verified: owner.email_verified,
      app: {
        type: 'app',
        id_code: 'sandbox1',
        name: 'Sandbox workspace',
        created_at: 1_704_067_200,
        secure: false,
        identity_verification: false,
        timezone: 'Europe/London',
        region: me.region,
      },
      avatar: { type: 'avatar', image_url: null },
      has_inbox_seat: owner.has_inbox_seat,
    });
  });

  return router;
}
