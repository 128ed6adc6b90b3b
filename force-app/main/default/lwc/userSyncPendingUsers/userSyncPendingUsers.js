import { LightningElement } from 'lwc';
import getPendingUsers from '@salesforce/apex/UserSyncPendingUsersController.getPendingUsers';
import { canActivateUsers } from 'c/userSyncPermissions';
import { watchUpdates } from 'c/userSyncUpdates';

export const MAX_SELECTION = 200;
const COLUMNS = [
  { label: 'Name', fieldName: 'name' },
  { label: 'Email', fieldName: 'email', type: 'email' },
  { label: 'Source', fieldName: 'source' },
  { label: 'Status', fieldName: 'status' },
  { label: 'Role', fieldName: 'role' },
  { label: 'Suggested Salesforce user', fieldName: 'suggestedUserName' },
  { label: 'Linked Salesforce user', fieldName: 'userName' },
  { label: 'Activation', fieldName: 'activation', wrapText: true },
];
const SOURCE_OPTIONS = [
  { label: 'All sources', value: '' },
  { label: 'Zendesk', value: 'zendesk' },
  { label: 'Intercom', value: 'intercom' },
];
const STATUS_OPTIONS = [
  { label: 'Pending', value: 'Pending' },
  { label: 'Active', value: 'Active' },
  { label: 'Deactivated', value: 'Deactivated' },
  { label: 'All statuses', value: '' },
];

/**
 * The Pending users tab: directory rows by source and status with the Salesforce user suggested for
 * each; select up to 200 and link them to existing users or create users for them. A row shows the
 * state of its activation (created, linking, or why it failed) until it is linked.
 */
export default class UserSyncPendingUsers extends LightningElement {
  source = '';
  status = 'Pending';
  users = [];
  selectedIds = [];
  resultsById = {};
  mode;
  canActivate = false;
  loading = true;
  error;
  watcher;

  get columns() {
    return COLUMNS;
  }
  get sourceOptions() {
    return SOURCE_OPTIONS;
  }
  get statusOptions() {
    return STATUS_OPTIONS;
  }
  get maxSelection() {
    return MAX_SELECTION;
  }
  get rows() {
    return this.users.map((user) => ({
      ...user,
      activation: this.resultsById[user.id] || user.activationMessage,
    }));
  }
  get selectedRows() {
    return this.users.filter((user) => this.selectedIds.includes(user.id));
  }
  get noSelection() {
    return this.selectedIds.length === 0;
  }
  get selectionLabel() {
    return `${this.selectedIds.length} selected (at most ${MAX_SELECTION})`;
  }
  get hideCheckboxes() {
    return !this.canActivate;
  }
  get isLinking() {
    return this.mode === 'link';
  }
  get isCreating() {
    return this.mode === 'create';
  }

  connectedCallback() {
    this.canActivate = canActivateUsers();
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
      this.users = await getPendingUsers({ source: this.source || null, status: this.status || null });
      this.error = undefined;
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

  handleStatusChange(event) {
    this.status = event.detail.value;
    this.load();
  }

  handleRowSelection(event) {
    this.selectedIds = event.detail.selectedRows.map((row) => row.id);
  }

  handleLink() {
    this.mode = 'link';
  }

  handleCreate() {
    this.mode = 'create';
  }

  handleCancel() {
    this.mode = undefined;
  }

  handleDone(event) {
    const results = {};
    for (const result of event.detail) {
      results[result.recordId] = result.message;
    }
    this.resultsById = { ...this.resultsById, ...results };
    this.mode = undefined;
    this.selectedIds = [];
    this.load();
    // Created users are linked by a Queueable a few seconds later: no event announces it.
    this.watcher.expectChange({ poll: true });
  }
}
