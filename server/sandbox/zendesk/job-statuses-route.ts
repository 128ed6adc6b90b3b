/**
 * `GET /api/v2/job_statuses/{id}`, `/job_statuses/show_many?ids=a,b` and `/job_statuses` (recent
 * jobs) (https://developer.zendesk.com/api-reference/ticketing/ticket-management/job_statuses/).
 * A job past its expiry, or beyond the last 100, answers 404 (jobs.ts). Chosen here: show_many
 * leaves unknown ids out; at most 100 ids.
 */
import { Request, Response, Router } from 'express';
import { badRequest, notFound } from './replies';
import { Account } from './state';

const query = (req: Request) => new URL(req.originalUrl, 'http://sandbox').searchParams;
const idOf = (raw: string) => raw.replace(/\.json$/, '');

export function jobStatusesRouter(account: Account): Router {
  const router = Router();
  router.get(['/job_statuses', '/job_statuses.json'], (_req: Request, res: Response) => {
    res.json({ job_statuses: account.jobs.recent() });
  });
  router.get(['/job_statuses/show_many', '/job_statuses/show_many.json'], (req: Request, res: Response) => {
    const ids = (query(req).get('ids') ?? '').split(',').filter(Boolean);
    if (ids.length === 0 || ids.length > 100) return badRequest(res, 'between 1 and 100 ids are required');
    res.json({ job_statuses: ids.map((id) => account.jobs.get(id)).filter((s) => s !== undefined) });
  });
  router.get('/job_statuses/:id', (req: Request, res: Response) => {
    const status = account.jobs.get(idOf(String(req.params.id)));
    if (!status) return notFound(res);
    res.json({ job_status: status });
  });
  return router;
}
