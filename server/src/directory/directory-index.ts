import type { DirectoryRow, DirectoryStatus } from './types';

/** What a run reads of an existing row: enough to tell unchanged, renamed, linked, gone. */
export type IndexInput = Pick<
  DirectoryRow,
  'sourceKey' | 'name' | 'status' | 'statusBeforeDeactivation' | 'userId' | 'payloadHash'
>;

/** One existing row as the reconciler reads it (a view: the index itself keeps a few bytes per row). */
export interface IndexedRow {
  status: DirectoryStatus;
  before: 'Pending' | 'Active' | null;
  userId: string | null;
  /** Kept only for linked rows: only their rename reaches a Salesforce user. */
  name: string | null;
  /** The first 52 bits of the payload hash (hashPrefix), or null when the row has none. */
  hash: number | null;
}

/**
 * The first 13 hex digits of a payload hash as a number: a row is unchanged when they match. One
 * changed row in 2^52 would be missed; the full hash would cost ten times the memory per row.
 */
export const hashPrefix = (hex: string | null): number | null => {
  const value = hex ? Number.parseInt(hex.slice(0, 13), 16) : Number.NaN;
  return Number.isNaN(value) ? null : value;
};

const STATUS: readonly DirectoryStatus[] = ['Pending', 'Active', 'Deactivated'];
const BEFORE: ReadonlyArray<'Pending' | 'Active' | null> = [null, 'Pending', 'Active'];
const SEEN = 0x10;

/**
 * The existing rows of one source by Source_Key__c. A run holds one entry per row (100,000 and
 * more), so rows are kept as columns: status, previous status and "seen" in one byte, the hash
 * prefix in a float, and the link and name only for the few linked rows.
 */
export class DirectoryIndex {
  private readonly slots = new Map<string, number>();
  private flags = new Uint8Array(1024);
  private hashes = new Float64Array(1024);
  private readonly links = new Map<number, { userId: string; name: string }>();
  /** Salesforce user id → the key of the live row linked to it: one user, one row per source. */
  readonly linkedUsers = new Map<string, string>();
  private live = 0;

  add(rows: Iterable<IndexInput>): void {
    for (const row of rows) {
      if (this.slots.has(row.sourceKey)) continue;
      const slot = this.slots.size;
      this.grow(slot + 1);
      this.slots.set(row.sourceKey, slot);
      this.flags[slot] = STATUS.indexOf(row.status) | (BEFORE.indexOf(row.statusBeforeDeactivation) << 2);
      this.hashes[slot] = hashPrefix(row.payloadHash) ?? Number.NaN;
      if (row.userId) this.links.set(slot, { userId: row.userId, name: row.name });
      if (row.status !== 'Deactivated') {
        this.live += 1;
        if (row.userId) this.linkedUsers.set(row.userId, row.sourceKey);
      }
    }
  }

  get(sourceKey: string): IndexedRow | undefined {
    const slot = this.slots.get(sourceKey);
    return slot === undefined ? undefined : this.view(slot);
  }

  /** The source listed this row during the run: it is not deactivated for being absent. */
  markSeen(sourceKey: string): void {
    const slot = this.slots.get(sourceKey);
    if (slot !== undefined) this.flags[slot] |= SEEN;
  }

  /** Rows not Deactivated before the run: the base of the deactivation threshold. */
  get liveRows(): number {
    return this.live;
  }

  /** Live rows the source did not list during this run, in the order they were read. */
  *unseenLive(): Generator<[string, IndexedRow]> {
    for (const [key, slot] of this.slots) {
      const flags = this.flags[slot];
      if (!(flags & SEEN) && STATUS[flags & 0x3] !== 'Deactivated') yield [key, this.view(slot)];
    }
  }

  private view(slot: number): IndexedRow {
    const flags = this.flags[slot];
    const link = this.links.get(slot);
    const hash = this.hashes[slot];
    return {
      status: STATUS[flags & 0x3],
      before: BEFORE[(flags >> 2) & 0x3],
      userId: link?.userId ?? null,
      name: link?.name ?? null,
      hash: Number.isNaN(hash) ? null : hash,
    };
  }

  private grow(size: number): void {
    if (size <= this.flags.length) return;
    const capacity = Math.max(size, this.flags.length * 2);
    const flags = new Uint8Array(capacity);
    flags.set(this.flags);
    const hashes = new Float64Array(capacity);
    hashes.set(this.hashes);
    this.flags = flags;
    this.hashes = hashes;
  }
}
