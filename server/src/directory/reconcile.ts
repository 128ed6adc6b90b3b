import { payloadHash } from './hash';
import { splitName } from './names';
import {
  SOURCE_LABEL,
  type DirectoryRow,
  DirectoryStatus,
  ReconcilePlan,
  ReconcileSettings,
  RecordError,
  RowChange,
  RowWrite,
  SalesforceUser,
  SourceName,
  SourceUser,
} from './types';

export const sourceKeyOf = (source: SourceName, sourceUserId: string): string => `${source}:${sourceUserId}`;

const normal = (value: string | null | undefined): string | null => value?.trim().toLowerCase() || null;

export interface ReconcileInput {
  users: SourceUser[];
  /** Source records the client could not read: reported, counted as failed, never deactivated for it. */
  unreadable: RecordError[];
  rows: DirectoryRow[];
  salesforceUsers: SalesforceUser[];
  settings: ReconcileSettings;
  now: Date;
}

function groupBy<T>(items: T[], key: (item: T) => string | null): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    if (k !== null) out.set(k, [...(out.get(k) ?? []), item]);
  }
  return out;
}

/**
 * The plan that brings the directory in line with a source listing. The source is the truth; the
 * directory keeps the admin's decisions: a row an admin activated stays Active while the source
 * keeps the user, a reactivated row returns to the status it had. Nothing is deactivated unless the
 * listing was complete, and a mass deactivation above the threshold is held for an admin.
 */
export function reconcile(input: ReconcileInput): ReconcilePlan {
  const { users, rows, salesforceUsers, settings, now } = input;
  const plan: ReconcilePlan = {
    writes: [],
    userUpdates: [],
    counts: {
      created: 0,
      renamed: 0,
      linked: 0,
      deactivated: 0,
      reactivated: 0,
      unchanged: 0,
      failed: input.unreadable.length,
    },
    held: [],
    errors: [...input.unreadable],
  };
  const source = settings.source;
  const rowsByKey = new Map(rows.map((r) => [r.sourceKey, r]));
  const sharedEmails = new Set(
    [...groupBy(users, (u) => normal(u.email)).entries()].filter(([, us]) => us.length > 1).map(([e]) => e),
  );
  const activeSalesforce = salesforceUsers.filter((u) => u.isActive);
  const byEmail = groupBy(activeSalesforce, (u) => normal(u.email));
  const byMatch = groupBy(activeSalesforce, (u) => normal(u.matchValue));
  // One Salesforce user is linked to at most one row of a source.
  const taken = new Map(
    rows.filter((r) => r.userId && r.status !== 'Deactivated').map((r) => [r.userId!, r.sourceKey]),
  );

  const write = (change: RowChange, row: RowWrite) => plan.writes.push({ change, row });
  const fail = (sourceKey: string, reason: string) => plan.errors.push({ sourceKey, reason });

  function matchFor(user: SourceUser, key: string): string | null {
    const email = normal(user.email);
    if (email && sharedEmails.has(email)) {
      fail(key, `Several ${SOURCE_LABEL[source]} users share the email ${email}: none of them is linked.`);
      return null;
    }
    const identifier = normal(user.primaryIdentifier);
    const candidates = (identifier && byMatch.get(identifier)) || (email && byEmail.get(email)) || [];
    if (candidates.length > 1) {
      fail(key, `${candidates.length} Salesforce users match ${identifier ?? email}: not linked.`);
      return null;
    }
    const match = candidates[0];
    if (!match) return null;
    const holder = taken.get(match.id);
    if (holder && holder !== key) {
      fail(key, `The matching Salesforce user ${match.id} is already linked to ${holder}: not linked.`);
      return null;
    }
    taken.set(match.id, key);
    return match.id;
  }

  function rowFor(
    user: SourceUser,
    fields: { status: DirectoryStatus; before: 'Pending' | 'Active' | null; userId: string | null },
  ): RowWrite {
    return {
      Source_Key__c: sourceKeyOf(source, user.sourceUserId),
      Name: user.name.trim(),
      Source__c: SOURCE_LABEL[source],
      Source_User_Id__c: user.sourceUserId,
      Email__c: normal(user.email),
      Primary_Identifier__c: user.primaryIdentifier,
      Role__c: user.role,
      Status__c: fields.status,
      Status_Before_Deactivation__c: fields.before,
      User__c: fields.userId,
      Last_Seen__c: now.toISOString(),
      Deactivated_At__c: null,
      Deactivation_Reason__c: null,
      Payload_Hash__c: payloadHash(user),
    };
  }

  const seen = new Set<string>();
  const toDeactivate: Array<{ row: DirectoryRow; reason: string }> = [];

  for (const user of users) {
    const key = sourceKeyOf(source, user.sourceUserId);
    seen.add(key);
    const row = rowsByKey.get(key);
    if (!row) {
      if (!user.active) continue; // an inactive user is not imported
      const userId = matchFor(user, key);
      write('created', rowFor(user, { status: userId ? 'Active' : 'Pending', before: null, userId }));
      plan.counts.created += 1;
      continue;
    }
    if (!user.active) {
      if (row.status !== 'Deactivated')
        toDeactivate.push({ row, reason: user.inactiveReason ?? 'inactive at the source' });
      else plan.counts.unchanged += 1;
      continue;
    }

    let change: RowChange | undefined;
    let status = row.status;
    let userId = row.userId;
    if (row.status === 'Deactivated') {
      status = row.statusBeforeDeactivation ?? (row.userId ? 'Active' : 'Pending');
      change = 'reactivated';
      if (row.userId && settings.deactivateLinkedUsers)
        plan.userUpdates.push({ Id: row.userId, IsActive: true });
    }
    if (!userId && status === 'Pending') {
      userId = matchFor(user, key);
      if (userId) {
        status = 'Active';
        change ??= 'linked';
      }
    }
    const renamed = row.name !== user.name.trim();
    if (!change && row.payloadHash !== payloadHash(user)) change = 'renamed';
    if (renamed && row.userId && settings.updateLinkedUserNames)
      plan.userUpdates.push({ Id: row.userId, ...splitName(user.name) });
    if (!change) {
      plan.counts.unchanged += 1;
      continue;
    }
    plan.counts[change] += 1;
    write(change, rowFor(user, { status, before: null, userId }));
  }

  for (const row of rows) {
    if (!seen.has(row.sourceKey) && row.status !== 'Deactivated') {
      toDeactivate.push({
        row,
        reason: 'no longer listed by the source (removed, or its role is no longer imported)',
      });
    }
  }
  // Without a complete listing, absence proves nothing: nobody is deactivated.
  if (!settings.complete || toDeactivate.length === 0) return plan;

  const deactivations = toDeactivate.map(({ row, reason }) => deactivatedRow(row, reason, now));
  const activeRows = rows.filter((r) => r.status !== 'Deactivated').length;
  if (!settings.confirmDeactivations && deactivations.length > settings.deactivationThreshold * activeRows) {
    plan.held = deactivations;
    return plan;
  }
  for (const [i, row] of deactivations.entries()) {
    write('deactivated', row);
    plan.counts.deactivated += 1;
    const linked = toDeactivate[i].row.userId;
    if (linked && settings.deactivateLinkedUsers) plan.userUpdates.push({ Id: linked, IsActive: false });
  }
  return plan;
}

function deactivatedRow(row: DirectoryRow, reason: string, now: Date): RowWrite {
  const source = row.sourceKey.split(':')[0] as SourceName;
  return {
    Source_Key__c: row.sourceKey,
    Name: row.name,
    Source__c: SOURCE_LABEL[source],
    Source_User_Id__c: row.sourceUserId,
    Email__c: row.email,
    Primary_Identifier__c: row.primaryIdentifier,
    Role__c: row.role,
    Status__c: 'Deactivated',
    Status_Before_Deactivation__c: row.status === 'Deactivated' ? row.statusBeforeDeactivation : row.status,
    User__c: row.userId,
    Deactivated_At__c: now.toISOString(),
    Deactivation_Reason__c: reason.slice(0, 255),
    Payload_Hash__c: row.payloadHash ?? '',
  };
}
