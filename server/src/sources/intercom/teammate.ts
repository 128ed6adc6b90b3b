/**
 * Intercom admins as the directory's neutral source users.
 *
 * `active`: Intercom has no status field: a listed admin is active, and a removed one
 * is simply absent, which only a complete listing can show. `away_mode_enabled` (on holiday) and
 * `has_inbox_seat: false` (a billing seat state; "customers not migrated to our new pricing will have
 * has_inbox_seat set to true") are not deactivation, so they are passed on as flags only.
 */
import { adminRecord, AdminRecord } from './admin-list';
import { issuesText } from './responses';

export interface IntercomTeammate {
  sourceUserId: string;
  name: string;
  email: string;
  active: boolean;
  flags: {
    awayModeEnabled: boolean;
    awayModeReassign: boolean;
    hasInboxSeat: boolean;
    emailVerified?: boolean;
    jobTitle?: string;
    teamIds: number[];
    /** From Intercom-Version 2.16. */
    role?: { id: string; name: string };
  };
}

/** A record that could not be used, with enough to find it in Intercom. */
export interface TeammateRecordError {
  /** Position in the listing (0-based, across pages). */
  index: number;
  sourceUserId?: string;
  message: string;
}

export interface TeammateListing {
  /** Every usable admin; with `errors` it accounts for every admin Intercom returned. */
  teammates: IntercomTeammate[];
  errors: TeammateRecordError[];
  /** Entries that are not admins (1.x listed teams in /admins); left out on purpose. */
  skippedNonAdmins: number;
}

export function toTeammate(a: AdminRecord): IntercomTeammate {
  return {
    sourceUserId: a.id,
    name: a.name,
    email: a.email,
    active: true,
    flags: {
      awayModeEnabled: a.away_mode_enabled ?? false,
      awayModeReassign: a.away_mode_reassign ?? false,
      hasInboxSeat: a.has_inbox_seat ?? true,
      ...(a.email_verified == null ? {} : { emailVerified: a.email_verified }),
      ...(a.job_title ? { jobTitle: a.job_title } : {}),
      teamIds: a.team_ids ?? [],
      ...(a.role ? { role: a.role } : {}),
    },
  };
}

function idOf(record: unknown): string | undefined {
  const id = (record as { id?: unknown } | null)?.id;
  return typeof id === 'string' || typeof id === 'number' ? String(id) : undefined;
}

/**
 * Sorts the records of one listing: good admins, per-record errors (malformed, duplicate id) and
 * non-admin entries. `seen` carries ids across pages.
 */
export function collectTeammates(
  records: unknown[],
  into: TeammateListing,
  seen: Set<string>,
  firstIndex = 0,
): void {
  records.forEach((record, i) => {
    const index = firstIndex + i;
    const type = (record as { type?: unknown } | null)?.type;
    if (typeof type === 'string' && type !== 'admin') {
      into.skippedNonAdmins += 1;
      return;
    }
    const parsed = adminRecord.safeParse(record);
    const id = parsed.success ? parsed.data.id : idOf(record);
    if (!parsed.success) {
      into.errors.push({
        index,
        ...(id ? { sourceUserId: id } : {}),
        message: `malformed admin: ${issuesText(parsed.error)}`,
      });
      return;
    }
    if (seen.has(parsed.data.id)) {
      into.errors.push({ index, sourceUserId: parsed.data.id, message: 'duplicate admin id in the listing' });
      return;
    }
    seen.add(parsed.data.id);
    into.teammates.push(toTeammate(parsed.data));
  });
}
