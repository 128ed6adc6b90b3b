/**
 * Held deactivations and the admin's confirmation of them. A run that would deactivate more than
 * the threshold is Held, and the source keys it would have deactivated are kept. Confirming that run
 * applies those, and only those still absent from a fresh complete listing; a later complete run
 * supersedes it (its picture of who left is newer), and a confirmation of it is then refused.
 */
import type { Confirmation, RunSummary } from '../directory/run-sync';
import type { RunRecords } from '../directory/run-records';
import { SOURCE_LABEL, type SourceName } from '../directory/types';
import type { Logger } from '../lib/logger';
import { err, ok, type Result } from '../lib/result';
import type { HeldRunStore } from '../store/store';

export class HeldRuns {
  constructor(
    private readonly store: HeldRunStore,
    private readonly runs: Pick<RunRecords, 'mark'>,
    private readonly logger: Logger,
  ) {}

  /** What a CONFIRM_DEACTIVATIONS for `runId` covers, or why it is refused (in the admin's words). */
  async confirmation(source: SourceName, runId: string | null): Promise<Result<Confirmation, string>> {
    const label = SOURCE_LABEL[source];
    if (!runId) return err('Nothing was deactivated: the confirmation named no held run.');
    const held = await this.store.heldRun(runId);
    if (!held || held.source !== source)
      return err(`Nothing was deactivated: run ${runId} is not a held ${label} run.`);
    if (held.state === 'confirmed')
      return err(`Nothing was deactivated: run ${runId} was already confirmed (run ${held.closedBy}).`);
    if (held.state === 'superseded')
      return err(
        `Nothing was deactivated: run ${runId} was replaced by a later run (${held.closedBy}). Review that one.`,
      );
    return ok({ runId, keys: await this.store.heldKeys(runId) });
  }

  /**
   * After a run that listed the source completely: the run it confirmed is Confirmed, every other
   * held run of the source is Superseded, and what this run holds is kept for its confirmation.
   */
  async afterRun(source: SourceName, summary: RunSummary, confirmed?: Confirmation): Promise<void> {
    const by = summary.runId;
    if (!by || !summary.complete || (summary.status !== 'Succeeded' && summary.status !== 'Held')) return;
    if (confirmed) {
      await this.store.confirmHeldRun(confirmed.runId, by);
      await this.runs.mark(source, confirmed.runId, {
        status: 'Confirmed',
        message: `Confirmed by an admin: run ${by} deactivated those of its users still gone from ${SOURCE_LABEL[source]}.`,
      });
    }
    for (const old of await this.store.supersedeHeldRuns(source, by, confirmed?.runId)) {
      await this.runs.mark(source, old, {
        status: 'Superseded',
        message: `Superseded by run ${by}, which listed ${SOURCE_LABEL[source]} again: its deactivations were not applied.`,
      });
      this.logger.info({ source, runId: old, by }, 'held run superseded');
    }
    if (summary.status === 'Held')
      await this.store.holdDeactivations(source, by, summary.heldKeys, new Date());
  }
}
