/** What a push reads from Zendesk, camelCase and validated: only what it uses. */

/** A Zendesk user as a push needs it: who it is, and the values a mapping may write. */
export interface ZendeskPushUser {
  id: number;
  /** The primary email; a push never changes it. */
  email: string | null;
  externalId: string | null;
  /** Standard attributes (alias, details, notes, phone, time_zone, locale, tags, organization_id). */
  standard: Record<string, unknown>;
  /** Custom user field values by key. */
  userFields: Record<string, unknown>;
}

export interface ZendeskUserField {
  id: number;
  key: string;
  type: string;
  title: string;
  active: boolean;
  /** Dropdown and multiselect: the option values (tags). */
  options: string[];
}

/** One user's outcome in a finished job, at the position of the user in the request. */
export type JobResult =
  | { status: 'Created' | 'Updated'; id: number }
  | { status: 'Failed'; id?: number; error: string; details: string };

export interface JobStatusView {
  id: string;
  status: 'queued' | 'working' | 'completed' | 'failed' | 'killed';
  total: number;
  message: string | null;
  /** Present once the job completed. */
  results: JobResult[] | null;
}

/** What Zendesk said about writing one user through create_or_update. */
export interface UserLimit {
  remaining: number;
  /** Seconds until the user may be written again. */
  resetsSeconds: number;
}

export type SingleUpsert =
  | { kind: 'written'; created: boolean; id: number; limit?: UserLimit }
  | { kind: 'refused'; detail: string; limit?: UserLimit };
