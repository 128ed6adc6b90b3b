/**
 * The sample of a run the admin reads (User_Sync_Run__c.Sample__c, JSON): what it changed, or would
 * change in a Preview, each with its reason, and the deactivations it holds. Up to 50 of each; the
 * changes are taken kind by kind in turn, so that 50 creations do not hide the deactivations.
 */
import type { PlannedWrite, RowChange, RowPatch } from './types';

export const SAMPLE_SIZE = 50;

export interface SampleEntry {
  change?: RowChange;
  sourceKey: string;
  reason: string;
  name?: string;
  email?: string;
}

export interface RunSample {
  changes: SampleEntry[];
  held: SampleEntry[];
}

const REASON: Record<Exclude<RowChange, 'deactivated'>, string> = {
  created: 'new at the source',
  renamed: 'changed at the source (name, email, role or identifier)',
  linked: 'matches exactly one active Salesforce user',
  reactivated: 'listed again by the source',
};

function entry(write: PlannedWrite): SampleEntry {
  const { row, change } = write;
  const reason =
    change === 'deactivated'
      ? (row.Deactivation_Reason__c ?? 'no longer listed by the source')
      : REASON[change];
  return {
    change,
    sourceKey: row.Source_Key__c,
    reason: change === 'created' && row.User__c ? `${reason}; ${REASON.linked}` : reason,
    ...(row.Name && { name: row.Name }),
    ...(row.Email__c && { email: row.Email__c }),
  };
}

const heldEntry = (row: RowPatch): SampleEntry => ({
  sourceKey: row.Source_Key__c,
  reason: row.Deactivation_Reason__c ?? 'no longer listed by the source',
});

/** Keeps up to SAMPLE_SIZE writes of each kind as a run goes: bounded, whatever the run's size. */
export class SampleCollector {
  private readonly byKind = new Map<RowChange, PlannedWrite[]>();

  add(writes: PlannedWrite[]): void {
    for (const write of writes) {
      const kept = this.byKind.get(write.change) ?? [];
      if (kept.length < SAMPLE_SIZE) kept.push(write);
      this.byKind.set(write.change, kept);
    }
  }

  /** Up to SAMPLE_SIZE writes in all, one kind after the other in turn. */
  writes(): PlannedWrite[] {
    const queues = [...this.byKind.values()].map((list) => [...list]);
    const out: PlannedWrite[] = [];
    while (out.length < SAMPLE_SIZE && queues.some((q) => q.length > 0))
      for (const q of queues) if (q.length > 0 && out.length < SAMPLE_SIZE) out.push(q.shift()!);
    return out;
  }
}

export function runSample(writes: PlannedWrite[], held: RowPatch[]): RunSample {
  return {
    changes: writes.slice(0, SAMPLE_SIZE).map(entry),
    held: held.slice(0, SAMPLE_SIZE).map(heldEntry),
  };
}
