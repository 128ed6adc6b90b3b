import { DirectoryIndex } from './directory-index';
import { Reconciler, sourceKeyOf } from './reconciler';
import { SalesforceUserIndex } from './salesforce-user-index';
import type {
  DirectoryRow,
  ReconcilePlan,
  ReconcileSettings,
  RecordError,
  SalesforceUser,
  SourceUser,
} from './types';

export { sourceKeyOf };

export interface ReconcileInput {
  users: SourceUser[];
  /** Source records the client could not read: reported, counted as failed, never deactivated for it. */
  unreadable: RecordError[];
  rows: DirectoryRow[];
  salesforceUsers: SalesforceUser[];
  settings: ReconcileSettings;
  now: Date;
}

/**
 * The plan that brings the directory in line with a whole source listing: the Reconciler fed one
 * page, in the order a run applies it (the page's changes, the deferred links, the deactivations).
 */
export function reconcile(input: ReconcileInput): ReconcilePlan {
  const rows = new DirectoryIndex();
  rows.add(input.rows);
  const { complete, confirmed, ...settings } = input.settings;
  const reconciler = new Reconciler(
    settings,
    rows,
    new SalesforceUserIndex(input.salesforceUsers),
    input.now,
  );
  reconciler.unreadable(input.unreadable);
  const page = reconciler.page(input.users);
  const final = reconciler.finish({ complete, ...(confirmed && { confirmed }) });
  const steps = [page, final.links, final.deactivations];
  return {
    writes: steps.flatMap((s) => s.writes),
    userUpdates: steps.flatMap((s) => s.userUpdates),
    counts: reconciler.counts,
    held: final.held,
    errors: reconciler.errors,
  };
}
