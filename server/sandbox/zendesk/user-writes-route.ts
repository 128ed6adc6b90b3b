/**
 * The user writes (https://developer.zendesk.com/api-reference/ticketing/users/users/):
 * - `POST /api/v2/users/create_or_update_many` `{users:[…]}` (≤ 100): a job. [doc] "bulk user imports
 *   are not enabled by default … A 403 Forbidden error is returned if data imports are not enabled".
 * - `PUT /api/v2/users/update_many`: a batch `{users:[{id | external_id, …}]}`, or one change for many
 *   (`?ids=` / `?external_ids=` with `{user:{…}}`), ≤ 100: a job. [doc] no import gate is mentioned.
 * - `POST /api/v2/users/create_or_update` `{user:{…}}`: 201 with the new user, 200 with the updated
 *   one (both with `Location`), under the per-user limit and its header (per-user-limit.ts).
 * Chosen here: the 403 body of the import gate, 400 `TooManyRecords` beyond 100 users, 429
 * `TooManyJobs` when the account has its maximum of jobs active, the job types' names, a failed user's
 * `index` in its result.
 */
import express, { Request, Response, Router } from 'express';
import { createOrUpdateUser, updateUser, type WriteOutcome, type WriterDeps } from './user-writes';
import { CREATE_UPDATE_USER_HEADER } from './per-user-limit';
import { Account } from './state';

export const MAX_BULK_USERS = 100;

const query = (req: Request) => new URL(req.originalUrl, 'http://sandbox').searchParams;

function writer(account: Account): WriterDeps {
  return {
    users: account.userStore,
    fields: account.fields,
    onVerificationEmail: () => void (account.counters.verificationEmails += 1),
  };
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function invalid(res: Response, status: number, error: string, description: string): void {
  res.status(status).json({ error, description });
}

/** A bulk body's users, or the answer already sent. */
function bulkUsers(req: Request, res: Response): Array<Record<string, unknown>> | undefined {
  const users = (req.body as { users?: unknown } | undefined)?.users;
  if (!Array.isArray(users) || users.length === 0 || !users.every(isObject)) {
    invalid(res, 400, 'InvalidValue', 'users must be a non-empty array of user objects');
    return undefined;
  }
  if (users.length > MAX_BULK_USERS) {
    invalid(res, 400, 'TooManyRecords', `Too many records: at most ${MAX_BULK_USERS} users per request`);
    return undefined;
  }
  return users;
}

/** Queues the job, or answers that too many are active. */
function queue(
  account: Account,
  res: Response,
  jobType: string,
  total: number,
  work: () => Array<Record<string, unknown>>,
): void {
  const job = account.jobs.submit(jobType, total, work);
  if (!job) {
    account.counters.rateLimited += 1;
    res.status(429).set('Retry-After', '1');
    return invalid(
      res,
      429,
      'TooManyJobs',
      `Number of allowed queued or running jobs (${account.jobs.maxActive}) reached`,
    );
  }
  res.json({ job_status: job });
}

function bulkResult(outcome: WriteOutcome, index: number, action?: string): Record<string, unknown> {
  if (outcome.status === 'Failed')
    return {
      index,
      ...(action && { action, success: false }),
      status: 'Failed',
      error: outcome.error,
      details: outcome.details,
    };
  const { user } = outcome;
  return action
    ? { id: user.id, action, success: true, status: outcome.status }
    : { id: user.id, status: outcome.status, email: user.email, external_id: user.external_id };
}

function createOrUpdateMany(account: Account) {
  return (req: Request, res: Response): void => {
    if (!account.bulkImports)
      return invalid(
        res,
        403,
        'Forbidden',
        'Bulk user imports are not enabled for this account. The account owner can ask Zendesk Customer Support to enable them.',
      );
    const users = bulkUsers(req, res);
    if (!users) return;
    const deps = writer(account);
    queue(account, res, 'bulk_create_or_update_users', users.length, () =>
      users.map((raw, i) => bulkResult(createOrUpdateUser(raw, deps), i)),
    );
  };
}

function updateMany(account: Account) {
  return (req: Request, res: Response): void => {
    const q = query(req);
    const ids = q.get('ids');
    const externalIds = q.get('external_ids');
    const deps = writer(account);
    const store = account.userStore;
    let targets: Array<{ find: () => ReturnType<typeof store.get>; raw: Record<string, unknown> }>;
    if (ids !== null || externalIds !== null) {
      const change = (req.body as { user?: unknown } | undefined)?.user;
      if (!isObject(change)) return invalid(res, 400, 'InvalidValue', 'user must be an object');
      const keys = (ids ?? externalIds ?? '').split(',').filter(Boolean);
      if (keys.length === 0 || keys.length > MAX_BULK_USERS)
        return invalid(res, 400, 'TooManyRecords', `Between 1 and ${MAX_BULK_USERS} ids per request`);
      targets = keys.map((key) => ({
        find: () => (ids !== null ? store.get(Number(key)) : store.byExternalId(key)),
        raw: change,
      }));
    } else {
      const users = bulkUsers(req, res);
      if (!users) return;
      targets = users.map((raw) => ({
        find: () =>
          raw.id !== undefined
            ? store.get(Number(raw.id))
            : typeof raw.external_id === 'string'
              ? store.byExternalId(raw.external_id)
              : undefined,
        raw: Object.fromEntries(Object.entries(raw).filter(([k]) => k !== 'id')),
      }));
    }
    queue(account, res, 'bulk_update_users', targets.length, () =>
      targets.map(({ find, raw }, index) => {
        const target = find();
        if (!target || store.isDeleted(target.id))
          return {
            index,
            action: 'update',
            success: false,
            status: 'Failed',
            error: 'UserNotFound',
            details: 'User not found',
          };
        return bulkResult(updateUser(target, raw, deps), index, 'update');
      }),
    );
  };
}

function createOrUpdate(account: Account) {
  return (req: Request, res: Response): void => {
    const raw = (req.body as { user?: unknown } | undefined)?.user;
    if (!isObject(raw)) return invalid(res, 400, 'InvalidValue', 'user must be an object');
    const who = [raw.external_id, raw.email].find((v) => typeof v === 'string' || typeof v === 'number');
    const limit = account.perUser.take(
      String(who ?? '')
        .trim()
        .toLowerCase(),
    );
    res.set(CREATE_UPDATE_USER_HEADER, limit.header);
    if (!limit.allowed) {
      account.counters.rateLimited += 1;
      res.status(429).set('Retry-After', String(limit.retryAfterSeconds));
      return invalid(
        res,
        429,
        'TooManyRequests',
        'You have exceeded the rate limit for updating a single unique user. Try again later.',
      );
    }
    const outcome = createOrUpdateUser(raw, writer(account));
    if (outcome.status === 'Failed') {
      res.status(422).json({
        error: 'RecordInvalid',
        description: 'Record validation errors',
        details: { [outcome.field]: [{ description: outcome.details, error: 'InvalidValue' }] },
      });
      return;
    }
    res
      .status(outcome.status === 'Created' ? 201 : 200)
      .set('Location', outcome.user.url)
      .json({ user: outcome.user });
  };
}

export function userWritesRouter(account: Account): Router {
  const router = Router();
  const json = express.json({ limit: '2mb' });
  router.post(
    ['/users/create_or_update_many', '/users/create_or_update_many.json'],
    json,
    createOrUpdateMany(account),
  );
  router.put(['/users/update_many', '/users/update_many.json'], json, updateMany(account));
  router.post(['/users/create_or_update', '/users/create_or_update.json'], json, createOrUpdate(account));
  return router;
}
