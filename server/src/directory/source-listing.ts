import type { IntercomTeammate, TeammateListing } from '../sources/intercom';
import type { TeamUserFilter, TeamUsersPage, ZendeskTeamUser } from '../sources/zendesk';
import { sourceKeyOf } from './reconcile';
import type { RecordError, SourceUser } from './types';

/** One page of a source listing, already in the directory's vocabulary. */
export interface SourcePage {
  users: SourceUser[];
  errors: RecordError[];
}

/** Pages of a source's team users; throws when the listing cannot be completed. */
export type SourceListing = AsyncIterable<SourcePage>;

/**
 * The primary identifier: the column an admin named in the settings, or by default (blank) the
 * email, which is how the seeds say users are matched when no column is given.
 */
function identifierOf(column: string | null, values: Record<string, string | number | null>): string | null {
  // Own properties only: a column named after an Object member must not read the prototype.
  const value = column ? (Object.hasOwn(values, column) ? values[column] : null) : values.email;
  return value === null || value === undefined ? null : String(value);
}

export function fromZendesk(user: ZendeskTeamUser, identifierColumn: string | null): SourceUser {
  const email = user.email?.trim().toLowerCase() || null;
  return {
    sourceUserId: String(user.id),
    name: user.name,
    email,
    primaryIdentifier: identifierOf(identifierColumn, { email, id: user.id, external_id: user.externalId }),
    role: user.customRoleId !== null ? `custom:${user.customRoleId}` : user.role,
    active: user.active && !user.suspended,
    inactiveReason: !user.active
      ? 'deleted or deactivated in Zendesk'
      : user.suspended
        ? 'suspended in Zendesk'
        : undefined,
  };
}

export function fromIntercom(teammate: IntercomTeammate, identifierColumn: string | null): SourceUser {
  const email = teammate.email.trim().toLowerCase() || null;
  return {
    sourceUserId: teammate.sourceUserId,
    name: teammate.name,
    email,
    primaryIdentifier: identifierOf(identifierColumn, { email, id: teammate.sourceUserId }),
    role: teammate.flags.role?.name ?? 'admin',
    active: teammate.active,
  };
}

export async function* zendeskListing(
  pages: AsyncIterable<TeamUsersPage>,
  identifierColumn: string | null,
): SourceListing {
  for await (const page of pages) {
    yield {
      users: page.users.map((u) => fromZendesk(u, identifierColumn)),
      errors: page.invalid.map((bad) => ({
        sourceKey: sourceKeyOf('zendesk', String(bad.id ?? '?')),
        reason: bad.reason,
      })),
    };
  }
}

export async function* intercomListing(
  listing: () => Promise<TeammateListing>,
  identifierColumn: string | null,
): SourceListing {
  const { teammates, errors } = await listing();
  yield {
    users: teammates.map((t) => fromIntercom(t, identifierColumn)),
    errors: errors.map((e) => ({
      sourceKey: sourceKeyOf('intercom', e.sourceUserId ?? `#${e.index}`),
      reason: e.message,
    })),
  };
}

export type { TeamUserFilter };
