import { LightningElement, api } from 'lwc';
import savePush from '@salesforce/apex/UserSyncPushController.savePush';
import enable from '@salesforce/apex/UserSyncPushController.enable';
import disable from '@salesforce/apex/UserSyncPushController.disable';
import runNow from '@salesforce/apex/UserSyncPushController.runNow';
import preview from '@salesforce/apex/UserSyncPushController.preview';

export const STANDARD_TARGETS = [
  { label: 'Alias', value: 'alias' },
  { label: 'Details', value: 'details' },
  { label: 'Notes', value: 'notes' },
  { label: 'Phone', value: 'phone' },
  { label: 'Time zone', value: 'time_zone' },
  { label: 'Locale', value: 'locale' },
  { label: 'Tags (replace)', value: 'tags' },
  { label: 'Organization id', value: 'organization_id' },
  { label: 'External id', value: 'external_id' },
];
const KINDS = [
  { label: 'Zendesk attribute', value: 'Standard' },
  { label: 'Existing Zendesk user field', value: 'User field' },
  { label: 'New custom attribute', value: 'Custom attribute' },
];
const MODES = [
  { label: 'Set', value: 'Set' },
  { label: 'Only if empty', value: 'Only if empty' },
];
const MATCH_KEYS = [
  { label: 'Email', value: 'Email' },
  { label: 'External ID', value: 'External ID' },
];
const NEW_PUSH = {
  name: '',
  segment: 'IsActive = true',
  matchKey: 'Email',
  externalIdField: null,
  nameField: null,
  insertMode: false,
  sendVerificationEmail: false,
  scheduleHours: 24,
  scheduleCron: null,
  scheduleTimeZone: null,
};
let nextRow = 0;

/**
 * One push on the Push to Zendesk tab: its settings and mappings, Save, Preview (the matching count
 * and what would be sent), Enable / Disable and Run now. Fires `saved` (detail: the push as saved)
 * and `expectupdate` (an action waits for the companion).
 */
export default class UserSyncPushForm extends LightningElement {
  /** UserSyncPushViews.PushView, or null for a new push. */
  @api
  get push() {
    return this._push;
  }
  set push(value) {
    this._push = value;
    if (!this.dirty) {
      this.draft = { ...(value ? value.settings : NEW_PUSH) };
      this.rows = ((value && value.mappings) || []).map((m) => ({ ...m, key: `r${nextRow++}` }));
    }
  }
  /** User fields (UserSyncPushController.getUserFields). */
  @api userFields = [];
  /** Zendesk's custom user fields, values being keys. */
  @api zendeskFields = [];
  /** True when the user holds User_Sync_Manage_Integrations. */
  @api canManage = false;
  /** The connection can write to Zendesk. */
  @api canWrite = false;

  _push;
  draft = { ...NEW_PUSH };
  rows = [];
  dirty = false;
  busy = false;
  error;
  notice;

  get isSaved() {
    return Boolean(this._push && this._push.id);
  }
  get readOnly() {
    return !this.canManage;
  }
  get notSaved() {
    return !this.isSaved || this.busy;
  }
  get byExternalId() {
    return this.draft.matchKey === 'External ID';
  }
  get matchKeyOptions() {
    return MATCH_KEYS;
  }
  get kindOptions() {
    return KINDS;
  }
  get modeOptions() {
    return MODES;
  }
  get nameFieldOptions() {
    return [{ label: 'Full Name (Name), the default', value: '' }, ...(this.userFields || [])];
  }
  get countText() {
    const push = this._push;
    if (!push) return 'Save the push, then click Preview to see how many users the segment matches.';
    if (push.segmentCounted)
      return `The segment matches ${push.segmentCount} users (at the last preview or run).`;
    return 'Not counted yet for this segment: click Preview.';
  }
  get toggleLabel() {
    return this._push && this._push.enabled ? 'Disable' : 'Enable';
  }
  get enableBlocked() {
    const push = this._push;
    return !push || this.busy || (!push.enabled && (!push.segmentCounted || !this.canWrite || this.dirty));
  }
  get runBlocked() {
    return !this._push || !this._push.enabled || this.busy || this.dirty;
  }
  get mappingRows() {
    return this.rows.map((row) => ({
      ...row,
      targetOptions: row.kind === 'Standard' ? STANDARD_TARGETS : this.zendeskFields || [],
      typedTarget: row.kind === 'Custom attribute',
      targetLabel: row.kind === 'Custom attribute' ? 'Zendesk key (blank: from the field name)' : 'Writes to',
    }));
  }
  get hasRows() {
    return this.rows.length > 0;
  }

  handleField(event) {
    const field = event.target.dataset.field;
    const value = event.target.type === 'checkbox' ? event.target.checked : event.detail.value;
    this.draft = { ...this.draft, [field]: value };
    this.dirty = true;
  }

  handleRow(event) {
    const { key, field } = event.target.dataset;
    const value = event.detail.value;
    this.rows = this.rows.map((row) => {
      if (row.key !== key) return row;
      const changed = { ...row, [field]: value };
      // A new kind has other targets: the old one no longer means anything.
      if (field === 'kind') changed.target = null;
      return changed;
    });
    this.dirty = true;
  }

  handleAddRow() {
    this.rows = [
      ...this.rows,
      { key: `r${nextRow++}`, id: null, salesforceField: null, kind: 'Standard', target: null, mode: 'Set' },
    ];
    this.dirty = true;
  }

  handleRemoveRow(event) {
    this.rows = this.rows.filter((row) => row.key !== event.target.dataset.key);
    this.dirty = true;
  }

  async handleSave() {
    const settings = {
      ...this.draft,
      id: this._push ? this._push.id : null,
      nameField: this.draft.nameField || null,
      scheduleHours: Number(this.draft.scheduleHours) || null,
      scheduleCron: trimmed(this.draft.scheduleCron),
      scheduleTimeZone: trimmed(this.draft.scheduleTimeZone),
    };
    const mappings = this.rows.map(({ id, salesforceField, kind, target, mode }) => ({
      id,
      salesforceField,
      kind,
      target: target || null,
      mode,
    }));
    const saved = await this.act(() => savePush({ settings, mappings }));
    if (saved) {
      this.dirty = false;
      this.notice = 'Push saved.';
      this.dispatchEvent(new CustomEvent('saved', { detail: saved }));
    }
  }

  async handlePreview() {
    if ((await this.act(() => preview({ pushId: this._push.id }))) !== undefined) {
      this.notice =
        'Preview asked for: the count and a sample appear here in a few seconds. Nothing is sent.';
      this.expectUpdate();
    }
  }

  async handleToggle() {
    const pushId = this._push.id;
    const saved = await this.act(() => (this._push.enabled ? disable({ pushId }) : enable({ pushId })));
    if (saved) {
      this.notice = saved.enabled ? 'Enabled: the first activation starts now.' : 'Disabled.';
      this.dispatchEvent(new CustomEvent('saved', { detail: saved }));
      this.expectUpdate();
    }
  }

  async handleRunNow() {
    if ((await this.act(() => runNow({ pushId: this._push.id }))) !== undefined) {
      this.notice = 'Activation asked for: its run appears here.';
      this.expectUpdate();
    }
  }

  expectUpdate() {
    this.dispatchEvent(new CustomEvent('expectupdate'));
  }

  /** Runs an Apex call: its result (null for a void method), or undefined when it failed. */
  async act(call) {
    this.busy = true;
    this.error = undefined;
    this.notice = undefined;
    try {
      const result = await call();
      return result === undefined ? null : result;
    } catch (error) {
      this.error = error;
      return undefined;
    } finally {
      this.busy = false;
    }
  }
}

/** Text as Apex should get it: trimmed, blank as null (a blank cron schedule means every N hours). */
function trimmed(value) {
  const text = value === undefined || value === null ? '' : String(value).trim();
  return text === '' ? null : text;
}
