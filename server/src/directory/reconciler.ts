import { hashPrefix, type DirectoryIndex, type IndexedRow } from './directory-index';
import { payloadHash } from './hash';
import { splitName } from './names';
import { normal, type SalesforceUserIndex } from './salesforce-user-index';
import {
  SOURCE_LABEL,
  type DirectoryStatus,
  type PlanCounts,
  type PlannedWrite,
  type RecordError,
  type ReconcileSettings,
  type RowChange,
  type RowPatch,
  type RowWrite,
  type SourceName,
  type SourceUser,
  type UserUpdate,
} from './types';

export const sourceKeyOf = (source: SourceName, sourceUserId: string): string => `${source}:${sourceUserId}`;

export const emptyCounts = (): PlanCounts => ({
  created: 0,
  renamed: 0,
  linked: 0,
  deactivated: 0,
  reactivated: 0,
  unchanged: 0,
  failed: 0,
});

/** What to write now: a page's changes, the deferred links, or the deactivations. */
export interface Step {
  writes: PlannedWrite[];
  userUpdates: UserUpdate[];
}

export interface Final {
  /** Users held back because a Salesforce user could match them: decided with every email known. */
  links: Step;
  /** Applied last, only after a complete listing: the confirmed ones, the rest below the threshold. */
  deactivations: Step;
  /** Deactivations not applied because they exceed the threshold (the run is Held). */
  held: RowPatch[];
}

export type ReconcilerSettings = Omit<ReconcileSettings, 'complete' | 'confirmed'>;

const GONE = 'no longer listed by the source (removed, or its role is no longer imported)';

/**
 * A 53-bit string hash (cyrb53, public domain: two 32-bit multiplicative hashes). Two distinct emails collide with odds
 * of about n²/2^54: 1 in 1.8 million for 100,000 users.
 */
export function hash53(text: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/** The status a row has once its user is back: the one it had before it was deactivated. */
const statusAfterReturn = (row: IndexedRow): DirectoryStatus =>
  row.status === 'Deactivated' ? (row.before ?? (row.userId ? 'Active' : 'Pending')) : row.status;

/**
 * Reconciles a source listing with the directory one page at a time, so a run never holds the
 * listing. The source is the truth; the directory keeps the admin's decisions: a row an admin
 * activated stays Active while the source keeps the user, a reactivated row returns to the status
 * it had. Two source users sharing an email are never linked, which only the whole listing can
 * tell: a user a Salesforce user could match is therefore decided in `finish`. Nothing is
 * deactivated unless the listing was complete, and a mass deactivation above the threshold is held.
 * No I/O: the indexes are filled by the caller.
 */
export class Reconciler {
  readonly counts: PlanCounts = emptyCounts();
  readonly errors: RecordError[] = [];
  private readonly deferred: SourceUser[] = [];
  private readonly toDeactivate: Array<{ key: string; row: IndexedRow; reason: string }> = [];
  /**
   * Every email listed, by a 53-bit hash (a number costs a third of the string): the id of its first
   * user if that one needed a link, else null.
   */
  private readonly firstByEmail = new Map<number, string | null>();
  /** Emails listed more than once → the keys among them that needed a link. */
  private readonly sharedEmails = new Map<string, string[]>();

  constructor(
    private readonly settings: ReconcilerSettings,
    private readonly rows: DirectoryIndex,
    private readonly people: SalesforceUserIndex,
    private readonly now: Date,
  ) {}

  private key(user: SourceUser): string {
    return sourceKeyOf(this.settings.source, user.sourceUserId);
  }

  /** An active user without a linked row: a Salesforce user could be linked to it. */
  needsMatch(user: SourceUser): boolean {
    const row = this.rows.get(this.key(user));
    return user.active && (!row || (!row.userId && statusAfterReturn(row) === 'Pending'));
  }

  /** Source records the client could not read: reported, counted as failed, never deactivated for it. */
  unreadable(errors: RecordError[]): void {
    this.errors.push(...errors);
    this.counts.failed += errors.length;
  }

  page(users: SourceUser[]): Step {
    const step: Step = { writes: [], userUpdates: [] };
    for (const user of users) {
      const key = this.key(user);
      const row = this.rows.get(key);
      this.noteEmail(user, key, this.needsMatch(user));
      if (row) this.rows.markSeen(key);
      if (this.needsMatch(user) && this.people.candidates(user).length > 0) {
        this.deferred.push(user);
        continue;
      }
      this.decide(user, key, row, step, () => null);
    }
    return step;
  }

  finish(listing: Pick<ReconcileSettings, 'complete' | 'confirmed'>): Final {
    for (const [email, keys] of this.sharedEmails)
      for (const key of keys)
        this.fail(
          key,
          `Several ${SOURCE_LABEL[this.settings.source]} users share the email ${email}: none of them is linked.`,
        );
    const links: Step = { writes: [], userUpdates: [] };
    for (const user of this.deferred) {
      const key = this.key(user);
      this.decide(user, key, this.rows.get(key), links, () => this.matchFor(user, key));
    }
    const final: Final = { links, deactivations: { writes: [], userUpdates: [] }, held: [] };
    // Without a complete listing, absence proves nothing: nobody is deactivated.
    if (!listing.complete) return final;
    for (const [key, row] of this.rows.unseenLive()) this.toDeactivate.push({ key, row, reason: GONE });
    // An admin's confirmation covers the deactivations the held run showed, nothing added since.
    const confirmed = listing.confirmed ?? new Set<string>();
    const others = this.toDeactivate.filter(({ key }) => !confirmed.has(key));
    const hold = others.length > this.settings.deactivationThreshold * this.rows.liveRows;
    for (const item of this.toDeactivate) {
      const patch = this.deactivation(item.key, item.row, item.reason);
      if (hold && !confirmed.has(item.key)) {
        final.held.push(patch);
        continue;
      }
      final.deactivations.writes.push({ change: 'deactivated', row: patch });
      this.counts.deactivated += 1;
      if (item.row.userId && this.settings.deactivateLinkedUsers)
        final.deactivations.userUpdates.push({ Id: item.row.userId, IsActive: false });
    }
    return final;
  }

  private fail(sourceKey: string, reason: string): void {
    this.errors.push({ sourceKey, reason });
  }

  private noteEmail(user: SourceUser, key: string, needsMatch: boolean): void {
    const email = normal(user.email);
    if (!email) return;
    const hash = hash53(email);
    if (!this.firstByEmail.has(hash)) {
      this.firstByEmail.set(hash, needsMatch ? user.sourceUserId : null);
      return;
    }
    let keys = this.sharedEmails.get(email);
    if (!keys) {
      const first = this.firstByEmail.get(hash);
      keys = first ? [sourceKeyOf(this.settings.source, first)] : [];
      this.sharedEmails.set(email, keys);
    }
    if (needsMatch) keys.push(key);
  }

  /** The Salesforce user to link, or null (nobody, or a conflict reported on the record). */
  private matchFor(user: SourceUser, key: string): string | null {
    const email = normal(user.email);
    if (email && this.sharedEmails.has(email)) return null; // reported in finish
    const candidates = this.people.candidates(user);
    if (candidates.length > 1) {
      this.fail(
        key,
        `${candidates.length} Salesforce users match ${normal(user.primaryIdentifier) ?? email}: not linked.`,
      );
      return null;
    }
    const match = candidates[0];
    if (!match) return null;
    const holder = this.rows.linkedUsers.get(match.id);
    if (holder && holder !== key) {
      this.fail(key, `The matching Salesforce user ${match.id} is already linked to ${holder}: not linked.`);
      return null;
    }
    this.rows.linkedUsers.set(match.id, key);
    return match.id;
  }

  private decide(
    user: SourceUser,
    key: string,
    row: IndexedRow | undefined,
    step: Step,
    match: () => string | null,
  ): void {
    const write = (change: RowChange, status: DirectoryStatus, userId: string | null) => {
      this.counts[change] += 1;
      step.writes.push({ change, row: this.rowFor(user, status, userId) });
    };
    if (!row) {
      if (!user.active) return; // an inactive user is not imported
      const userId = match();
      write('created', userId ? 'Active' : 'Pending', userId);
      return;
    }
    if (!user.active) {
      if (row.status !== 'Deactivated')
        this.toDeactivate.push({ key, row, reason: user.inactiveReason ?? 'inactive at the source' });
      else this.counts.unchanged += 1;
      return;
    }
    let change: RowChange | undefined;
    let status = row.status;
    let userId = row.userId;
    if (row.status === 'Deactivated') {
      status = statusAfterReturn(row);
      change = 'reactivated';
      if (row.userId && this.settings.deactivateLinkedUsers)
        step.userUpdates.push({ Id: row.userId, IsActive: true });
    }
    if (!userId && status === 'Pending') {
      userId = match();
      if (userId) {
        status = 'Active';
        change ??= 'linked';
      }
    }
    if (!change && row.hash !== hashPrefix(payloadHash(user))) change = 'renamed';
    if (row.userId && row.name !== user.name.trim() && this.settings.updateLinkedUserNames)
      step.userUpdates.push({ Id: row.userId, ...splitName(user.name) });
    if (!change) {
      this.counts.unchanged += 1;
      return;
    }
    write(change, status, userId);
  }

  private rowFor(user: SourceUser, status: DirectoryStatus, userId: string | null): RowWrite {
    return {
      Source_Key__c: this.key(user),
      Name: user.name.trim(),
      Source__c: SOURCE_LABEL[this.settings.source],
      Source_User_Id__c: user.sourceUserId,
      Email__c: normal(user.email),
      Primary_Identifier__c: user.primaryIdentifier,
      Role__c: user.role,
      Status__c: status,
      Status_Before_Deactivation__c: null,
      User__c: userId,
      Last_Seen__c: this.now.toISOString(),
      Deactivated_At__c: null,
      Deactivation_Reason__c: null,
      Payload_Hash__c: payloadHash(user),
    };
  }

  /**
   * Only the fields a deactivation changes (plus what identifies the row): the run keeps no copy
   * of the rows, and an upsert leaves every other field as it is.
   */
  private deactivation(key: string, row: IndexedRow, reason: string): RowPatch {
    return {
      Source_Key__c: key,
      Source__c: SOURCE_LABEL[this.settings.source],
      Source_User_Id__c: key.slice(key.indexOf(':') + 1),
      Status__c: 'Deactivated',
      Status_Before_Deactivation__c: row.status === 'Deactivated' ? row.before : row.status,
      Deactivated_At__c: this.now.toISOString(),
      Deactivation_Reason__c: reason.slice(0, 255),
    };
  }
}
