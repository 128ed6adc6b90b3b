import { LightningElement } from 'lwc';
import getRuns from '@salesforce/apex/UserSyncRunsController.getRuns';
import confirmDeactivations from '@salesforce/apex/UserSyncRunsController.confirmDeactivations';
import { canManageIntegrations } from 'c/userSyncPermissions';
import { watchUpdates } from 'c/userSyncUpdates';

const SOURCE_OPTIONS = [
  { label: 'All sources', value: '' },
  { label: 'Zendesk', value: 'zendesk' },
  { label: 'Intercom', value: 'intercom' },
];
export const MAX_RUNS = 50;

/**
 * The Runs tab: run history per source with counts, trigger, duration and per-record errors; a run
 * in progress shows its progress live; a Held run shows the deactivations it holds and is confirmed by
 * typing how many there are.
 */
export default class UserSyncRuns extends LightningElement {
  source = '';
  runs = [];
  typed = {};
  canManage = false;
  loading = true;
  error;
  notice;
  watcher;

  get sourceOptions() {
    return SOURCE_OPTIONS;
  }

  get rows() {
    return this.runs.map((run) => ({
      ...run,
      title: `${run.name} · ${run.source === 'intercom' ? 'Intercom' : 'Zendesk'} · ${run.status}`,
      confirmable: this.canManage && run.status === 'Held' && run.heldCount > 0,
      confirmLabel: `Type ${run.heldCount} to confirm the held deactivations`,
      typedValue: this.typed[run.id] || '',
    }));
  }

  get hasRuns() {
    return this.runs.length > 0;
  }

  connectedCallback() {
    this.canManage = canManageIntegrations();
    this.watcher = watchUpdates((payload) => {
      if (!payload || payload.Kind__c === 'RUN') {
        this.load();
      }
    });
    this.load();
  }

  disconnectedCallback() {
    if (this.watcher) {
      this.watcher.stop();
    }
  }

  async load() {
    try {
      this.runs = await getRuns({ source: this.source || null, maxRuns: MAX_RUNS });
      this.error = undefined;
      if (this.runs.some((run) => run.status === 'Running')) {
        this.watcher.expectChange();
      }
    } catch (error) {
      this.error = error;
    } finally {
      this.loading = false;
    }
  }

  handleSourceChange(event) {
    this.source = event.detail.value;
    this.load();
  }

  handleTyped(event) {
    this.typed = { ...this.typed, [event.target.dataset.id]: event.target.value };
  }

  async handleConfirm(event) {
    const runId = event.target.dataset.id;
    const run = this.runs.find((item) => item.id === runId);
    const typedCount = Number(this.typed[runId]);
    this.notice = undefined;
    if (!Number.isInteger(typedCount) || typedCount !== run.heldCount) {
      this.error = { message: `Type ${run.heldCount}, the number of held deactivations, to confirm them.` };
      return;
    }
    try {
      await confirmDeactivations({ runId, typedCount });
      this.error = undefined;
      this.notice = `Confirmed: the companion applies the ${run.heldCount} deactivations of ${run.name} in a new run.`;
      this.watcher.expectChange();
    } catch (error) {
      this.error = error;
    }
  }
}
