/**
 * Reading Zendesk's answers to a push: zod at the edge, pure functions returning Results (field names:
 * https://developer.zendesk.com/api-reference/ticketing/users/users/ and job_statuses, user_fields).
 */
import { z } from 'zod';
import type { HttpResponse } from '../../lib/http-client';
import { err, ok, type Result } from '../../lib/result';
import { failure, type ZendeskFailure } from './errors';
import type {
  JobResult,
  JobStatusView,
  SingleUpsert,
  UserLimit,
  ZendeskPushUser,
  ZendeskUserField,
} from './push-types';
import { failureOf, json } from './responses';

const id = z.number().int().positive();
const STANDARD = [
  'alias',
  'details',
  'notes',
  'phone',
  'time_zone',
  'locale',
  'tags',
  'organization_id',
] as const;

const userSchema = z.looseObject({
  id,
  email: z.string().nullish(),
  external_id: z.union([z.string(), z.number()]).nullish(),
  active: z.boolean().optional(),
  user_fields: z.record(z.string(), z.unknown()).nullish(),
});

function toPushUser(raw: z.infer<typeof userSchema>): ZendeskPushUser {
  const standard: Record<string, unknown> = {};
  for (const key of STANDARD) standard[key] = (raw as Record<string, unknown>)[key] ?? null;
  return {
    id: raw.id,
    email: raw.email ?? null,
    externalId: raw.external_id == null ? null : String(raw.external_id),
    standard,
    userFields: raw.user_fields ?? {},
  };
}

const body = (res: HttpResponse): Result<unknown, ZendeskFailure> =>
  res.status < 200 || res.status >= 300 ? err(failureOf(res)) : json(res);

const unreadable = (what: string, issue?: { message: string }) =>
  err(failure('ZENDESK_BAD_RESPONSE', `not ${what} (${issue?.message ?? 'invalid'})`));

/** show_many and a search page: active users only (a deleted user is no one to update). */
export function parseUserList(
  res: HttpResponse,
): Result<{ users: ZendeskPushUser[]; nextPage: string | null }, ZendeskFailure> {
  const b = body(res);
  if (!b.ok) return b;
  const parsed = z.object({ users: z.array(userSchema), next_page: z.string().nullish() }).safeParse(b.value);
  if (!parsed.success) return unreadable('a list of users', parsed.error.issues[0]);
  return ok({
    users: parsed.data.users.filter((u) => u.active !== false).map(toPushUser),
    nextPage: parsed.data.next_page ?? null,
  });
}

const fieldSchema = z.object({
  id,
  key: z.string(),
  type: z.string(),
  title: z.string(),
  active: z.boolean().optional(),
  custom_field_options: z.array(z.object({ value: z.string() })).nullish(),
});

const toField = (f: z.infer<typeof fieldSchema>): ZendeskUserField => ({
  id: f.id,
  key: f.key,
  type: f.type,
  title: f.title,
  active: f.active !== false,
  options: (f.custom_field_options ?? []).map((o) => o.value),
});

export function parseUserFieldsPage(
  res: HttpResponse,
): Result<{ fields: ZendeskUserField[]; next: string | null; hasMore: boolean }, ZendeskFailure> {
  const b = body(res);
  if (!b.ok) return b;
  const parsed = z
    .object({
      user_fields: z.array(fieldSchema),
      meta: z.object({ has_more: z.boolean().optional() }).optional(),
      links: z.object({ next: z.string().nullish() }).optional(),
    })
    .safeParse(b.value);
  if (!parsed.success) return unreadable('a user fields page', parsed.error.issues[0]);
  return ok({
    fields: parsed.data.user_fields.map(toField),
    next: parsed.data.links?.next ?? null,
    hasMore: parsed.data.meta?.has_more ?? false,
  });
}

/** A created field, or Zendesk's reason in its words (422 RecordInvalid names the property). */
export function parseCreatedUserField(res: HttpResponse): Result<ZendeskUserField, ZendeskFailure> {
  const b = body(res);
  if (!b.ok) return err(withDetails(res, b.error));
  const parsed = z.object({ user_field: fieldSchema }).safeParse(b.value);
  if (!parsed.success) return unreadable('a user field', parsed.error.issues[0]);
  return ok(toField(parsed.data.user_field));
}

const jobSchema = z.object({
  id: z.string(),
  status: z.enum(['queued', 'working', 'completed', 'failed', 'killed']),
  total: z.number().int().nonnegative().nullish(),
  message: z.string().nullish(),
  results: z.array(z.looseObject({})).nullish(),
});

/**
 * [doc] results carry `status` Created, Updated or Failed; bulk updates also `success` and `action`.
 * A result without a readable status counts as a failure: the user is sent again next time.
 */
function toResult(raw: Record<string, unknown>): JobResult {
  const status = raw.status;
  const rid = typeof raw.id === 'number' ? raw.id : undefined;
  if ((status === 'Created' || status === 'Updated') && rid !== undefined && raw.success !== false)
    return { status, id: rid };
  const text = (v: unknown) => (typeof v === 'string' ? v : v == null ? '' : JSON.stringify(v));
  return {
    status: 'Failed',
    ...(rid !== undefined && { id: rid }),
    error: text(raw.error) || 'Failed',
    details: text(raw.details ?? raw.errors ?? raw.description),
  };
}

const toJob = (j: z.infer<typeof jobSchema>): JobStatusView => ({
  id: j.id,
  status: j.status,
  total: j.total ?? 0,
  message: j.message ?? null,
  results: j.status === 'completed' && j.results ? j.results.map(toResult) : null,
});

export function parseJobStatus(res: HttpResponse): Result<JobStatusView, ZendeskFailure> {
  const b = body(res);
  if (!b.ok) return b;
  const parsed = z.object({ job_status: jobSchema }).safeParse(b.value);
  if (!parsed.success) return unreadable('a job status', parsed.error.issues[0]);
  return ok(toJob(parsed.data.job_status));
}

export function parseJobStatuses(res: HttpResponse): Result<JobStatusView[], ZendeskFailure> {
  const b = body(res);
  if (!b.ok) return b;
  const parsed = z.object({ job_statuses: z.array(jobSchema) }).safeParse(b.value);
  if (!parsed.success) return unreadable('job statuses', parsed.error.issues[0]);
  return ok(parsed.data.job_statuses.map(toJob));
}

/** `total=5; remaining=4; resets=60`, or undefined when absent or unreadable. */
export function parseUserLimit(header: string | null): UserLimit | undefined {
  if (!header) return undefined;
  const remaining = /remaining=(\d+)/.exec(header)?.[1];
  const resets = /resets=(\d+)/.exec(header)?.[1];
  if (remaining === undefined || resets === undefined) return undefined;
  return { remaining: Number(remaining), resetsSeconds: Number(resets) };
}

/** 201 created, 200 updated; a 422 is the user's own problem, said in Zendesk's words. */
export function parseSingleUpsert(
  res: HttpResponse,
  limit: UserLimit | undefined,
): Result<SingleUpsert, ZendeskFailure> {
  if (res.status === 422) {
    const detail = withDetails(res, failureOf(res)).detail;
    return ok({ kind: 'refused', detail, ...(limit && { limit }) });
  }
  const b = body(res);
  if (!b.ok) return b;
  const parsed = z.object({ user: z.object({ id }) }).safeParse(b.value);
  if (!parsed.success) return unreadable('a user', parsed.error.issues[0]);
  return ok({
    kind: 'written',
    created: res.status === 201,
    id: parsed.data.user.id,
    ...(limit && { limit }),
  });
}

/** Adds RecordInvalid's per-property descriptions to a failure: "key: Key: has already been taken". */
function withDetails(res: HttpResponse, f: ZendeskFailure): ZendeskFailure {
  const parsed = json(res);
  if (!parsed.ok) return f;
  const details = (parsed.value as { details?: unknown }).details;
  if (typeof details !== 'object' || details === null) return f;
  const described = Object.values(details as Record<string, unknown>)
    .flatMap((list) => (Array.isArray(list) ? list : []))
    .map((d) => (d as { description?: unknown }).description)
    .filter((d): d is string => typeof d === 'string');
  return described.length ? { ...f, detail: `${f.detail} (${described.join('; ').slice(0, 300)})` } : f;
}

/**
 * A 403 to a bulk import that is the account's import gate, not a missing OAuth scope: Zendesk
 * names missing scopes ("You are missing the following required scopes"); anything else is the gate.
 */
export function isImportGate(res: HttpResponse): boolean {
  if (res.status !== 403) return false;
  return !/missing the following required scopes/i.test(res.body);
}
