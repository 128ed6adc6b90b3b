import { LightningElement } from 'lwc';
import getStatusCounts from '@salesforce/apex/UserSyncIAdvizeController.getStatusCounts';
import getProblemUsers from '@salesforce/apex/UserSyncIAdvizeController.getProblemUsers';
import retry from '@salesforce/apex/UserSyncIAdvizeController.retry';
import { canManageIntegrations } from 'c/userSyncPermissions';

/** While users are Queued: one refresh every 5 seconds … */
export const POLL_INTERVAL_MS = 5000;
/** … at most 24 times (2 minutes) per burst. */
export const MAX_POLLS = 24;
const COLUMNS = [
  { label: 'Name', fieldName: 'name' },
  { label: 'Email', fieldName: 'email', type: 'email' },
  { label: 'Status', fieldName: 'status' },
  { label: 'Message', fieldName: 'message', wrapText: true },
  {
    label: 'Last synced',
    fieldName: 'lastSynced',
    type: 'date',
    typeAttributes: { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' },
  },
];

/**
 * The iAdvize tab: users per iAdvize sync status, the Failed and Skipped users with their messages,
 * and Retry for selected Failed users. While users are Queued it refreshes itself, boundedly: the
 * companion writes each result within seconds.
 */
export default class UserSyncIAdvize extends LightningElement {
  counts = [];
  users = [];
  selectedIds = [];
  canManage = false;
  error;
  notice;
  timer;
  pollsLeft = 0;

  get columns() {
    return COLUMNS;
  }
  get hasUsers() {
    return this.users.length > 0;
  }
  get noSelection() {
    return this.selectedIds.length === 0;
  }
  get hideCheckboxes() {
    return !this.canManage;
  }
  get countItems() {
    return this.counts.map((count) => ({ ...count, key: count.status }));
  }

  connectedCallback() {
    this.canManage = canManageIntegrations();
    this.load();
  }

  disconnectedCallback() {
    this.stopPolling();
  }

  async load() {
    try {
      const [counts, users] = await Promise.all([getStatusCounts(), getProblemUsers()]);
      this.counts = counts;
      this.users = users;
      this.error = undefined;
      const queued = counts.find((count) => count.status === 'Queued');
      if (queued && queued.count > 0) {
        this.startPolling();
      } else {
        this.stopPolling();
      }
    } catch (error) {
      this.error = error;
    }
  }

  handleRowSelection(event) {
    this.selectedIds = event.detail.selectedRows.map((row) => row.id);
  }

  async handleRetry() {
    this.notice = undefined;
    try {
      const results = await retry({ userIds: this.selectedIds });
      const failed = results.filter((result) => !result.success);
      this.selectedIds = [];
      this.pollsLeft = MAX_POLLS;
      await this.load();
      this.error = failed.length > 0 ? failed.map((result) => ({ message: result.message })) : undefined;
      this.notice = `${results.length - failed.length} of ${results.length} users queued for iAdvize.`;
    } catch (error) {
      this.error = error;
    }
  }

  startPolling() {
    if (this.timer) {
      return;
    }
    if (this.pollsLeft <= 0) {
      this.pollsLeft = MAX_POLLS;
    }
    // Bounded refresh while users are Queued; stopped in disconnectedCallback.
    // eslint-disable-next-line @lwc/lwc/no-async-operation
    this.timer = setInterval(() => {
      this.pollsLeft -= 1;
      if (this.pollsLeft <= 0) {
        this.stopPolling();
      }
      this.load();
    }, POLL_INTERVAL_MS);
  }

  stopPolling() {
    if (this.timer) {
      clearInterval(this.timer);
      this.timer = null;
    }
  }
}
