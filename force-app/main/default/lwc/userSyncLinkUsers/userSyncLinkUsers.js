import { LightningElement, api } from 'lwc';
import linkUsers from '@salesforce/apex/UserSyncPendingUsersController.linkUsers';

/** Active internal users only, in the user picker. */
const USER_FILTER = {
  criteria: [
    { fieldPath: 'IsActive', operator: 'eq', value: true },
    { fieldPath: 'UserType', operator: 'eq', value: 'Standard' },
  ],
};

/**
 * Links selected directory rows to existing Salesforce users: one user picker per row, pre-filled with
 * the suggested user (same email). Fires `done` (detail: one result per row) or `cancel`.
 */
export default class UserSyncLinkUsers extends LightningElement {
  /** The selected rows (UserSyncPendingUsersController.PendingUser). */
  @api
  get rows() {
    return this._rows;
  }
  set rows(value) {
    this._rows = value || [];
    this.choices = {};
    for (const row of this._rows) {
      this.choices[row.id] = row.suggestedUserId || null;
    }
  }

  _rows = [];
  choices = {};
  busy = false;
  error;

  get userFilter() {
    return USER_FILTER;
  }
  get items() {
    return this._rows.map((row) => ({
      ...row,
      pickerLabel: `Salesforce user for ${row.name}`,
      chosen: this.choices[row.id],
    }));
  }
  get linkLabel() {
    return `Link ${this._rows.length} user${this._rows.length === 1 ? '' : 's'}`;
  }

  handleUserChange(event) {
    this.choices = { ...this.choices, [event.target.dataset.id]: event.detail.recordId || null };
  }

  async handleLink() {
    const missing = this._rows.filter((row) => !this.choices[row.id]);
    if (missing.length > 0) {
      this.error = { message: `Choose a Salesforce user for ${missing.map((row) => row.name).join(', ')}.` };
      return;
    }
    this.busy = true;
    this.error = undefined;
    try {
      const links = this._rows.map((row) => ({ externalUserId: row.id, userId: this.choices[row.id] }));
      const results = await linkUsers({ links });
      this.dispatchEvent(new CustomEvent('done', { detail: results }));
    } catch (error) {
      this.error = error;
    } finally {
      this.busy = false;
    }
  }

  handleCancel() {
    this.dispatchEvent(new CustomEvent('cancel'));
  }
}
