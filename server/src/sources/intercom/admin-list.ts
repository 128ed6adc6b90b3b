/**
 * The `GET /admins` answer: the envelope is checked as a whole (a wrong envelope means
 * we cannot know who is in the workspace, so the listing fails), while each admin is checked on its
 * own (one malformed admin becomes a per-record error; the others still count).
 */
import { z } from 'zod';
import { err, ok, type Result } from '../../lib/result';
import { IntercomFailure, failure } from './errors';
import { issuesText } from './responses';

const adminListEnvelope = z.object({
  type: z.literal('admin.list'),
  admins: z.array(z.unknown()),
  /** [doc] v1.x only; [inferred] a URL string, as other v1 lists used. */
  pages: z.looseObject({ next: z.unknown().optional() }).nullish(),
});

export interface AdminPage {
  records: unknown[];
  /** The URL of the next page when the answer names one. */
  next?: string;
}

export function parseAdminPage(json: unknown): Result<AdminPage, IntercomFailure> {
  const parsed = adminListEnvelope.safeParse(json);
  if (!parsed.success) {
    return err(failure('INTERCOM_BAD_RESPONSE', `not an admin.list: ${issuesText(parsed.error)}`));
  }
  const next = parsed.data.pages?.next;
  if (next === undefined || next === null || next === '') return ok({ records: parsed.data.admins });
  if (typeof next !== 'string') {
    // A next page we cannot follow means the list is incomplete: refuse rather than under-count.
    return err(failure('INTERCOM_BAD_RESPONSE', `pages.next has an unknown shape: ${JSON.stringify(next)}`));
  }
  return ok({ records: parsed.data.admins, next });
}

/** One admin (2.16 fields). Only what the directory needs is required. */
export const adminRecord = z.object({
  type: z.literal('admin'),
  // The schema says string; a number is accepted and kept as its decimal string.
  id: z.union([z.string().trim().regex(/^\d+$/), z.number().int().nonnegative()]).transform(String),
  name: z.string().trim().min(1),
  email: z.string().trim().min(3).includes('@'),
  email_verified: z.boolean().nullish(),
  job_title: z.string().nullish(),
  away_mode_enabled: z.boolean().nullish(),
  away_mode_reassign: z.boolean().nullish(),
  has_inbox_seat: z.boolean().nullish(),
  team_ids: z.array(z.number()).nullish(),
  /** [doc] 2.16+, "Only present if the admin has a role assigned". */
  role: z.object({ id: z.union([z.string(), z.number()]).transform(String), name: z.string() }).nullish(),
});

export type AdminRecord = z.output<typeof adminRecord>;
