import { LightningElement, api } from 'lwc';

const CHANGE_LABELS = {
  created: 'Created',
  renamed: 'Renamed',
  linked: 'Linked',
  deactivated: 'Deactivated',
  reactivated: 'Reactivated',
};

/**
 * One run (or preview) as the Sources and Runs tabs show it: status, trigger, duration, progress,
 * counts, message, the sample of changes and held deactivations with their reasons, and the
 * per-record errors. Everything arrives parsed from Apex (UserSyncRunViews.RunView).
 */
export default class UserSyncRunDetails extends LightningElement {
  /** UserSyncRunViews.RunView. */
  @api run;

  get isRunning() {
    return this.run && this.run.status === 'Running';
  }
  get listedLabel() {
    const listed = this.run && this.run.listedCount;
    return listed === null || listed === undefined ? null : `${listed} users listed so far`;
  }
  get counts() {
    return ((this.run && this.run.counts) || []).map((count) => ({ ...count, key: count.label }));
  }
  get changes() {
    return this.entries('changes').map((entry) => ({
      ...entry,
      changeLabel: CHANGE_LABELS[entry.change] || entry.change,
    }));
  }
  get held() {
    return this.entries('held');
  }
  get hasChanges() {
    return this.changes.length > 0;
  }
  get hasHeld() {
    return this.held.length > 0;
  }
  get heldTitle() {
    return `${this.run.heldCount} deactivations held for your confirmation${this.held.length < this.run.heldCount ? ` (first ${this.held.length} shown)` : ''}`;
  }
  get sampleUnreadable() {
    return this.run && this.run.sample && this.run.sample.unreadable;
  }
  get errors() {
    return ((this.run && this.run.errors) || []).map((error, index) => ({ ...error, key: `e${index}` }));
  }
  get hasErrors() {
    return this.errors.length > 0;
  }
  get errorsTitle() {
    const shown = this.errors.length;
    const total = this.run.errorCount || shown;
    return total > shown ? `Errors (first ${shown} of ${total})` : `Errors (${total})`;
  }

  entries(list) {
    const sample = this.run && this.run.sample;
    return ((sample && sample[list]) || []).map((entry, index) => ({
      ...entry,
      key: `${list}${index}`,
      who: entry.name || entry.email || entry.sourceKey,
    }));
  }
}
