import { LightningElement, api } from 'lwc';
import saveSettings from '@salesforce/apex/UserSyncSourcesController.saveSettings';
import connect from '@salesforce/apex/UserSyncSourcesController.connect';
import enable from '@salesforce/apex/UserSyncSourcesController.enable';
import disable from '@salesforce/apex/UserSyncSourcesController.disable';
import syncNow from '@salesforce/apex/UserSyncSourcesController.syncNow';
import preview from '@salesforce/apex/UserSyncSourcesController.preview';
import { normaliseSubdomain } from './subdomain';

export const ROLES_REQUIRED = 'Choose at least one Zendesk role to import: Agents, Admins or a custom role.';
export const BAD_SUBDOMAIN =
  'Enter the Zendesk subdomain: for https://acme.zendesk.com enter acme. Letters, digits and hyphens only, at most 63, not starting or ending with a hyphen.';
const REGIONS = [
  { label: 'United States', value: 'US' },
  { label: 'Europe', value: 'EU' },
  { label: 'Australia', value: 'AU' },
];

/**
 * One source (Zendesk or Intercom) on the Sources tab: connection, settings, Enable / Disable,
 * Sync now and Preview. Fires `changed` (detail: the source as saved) and `expectupdate` (an action
 * waits for the companion: the tab then listens or polls for its answer).
 */
export default class UserSyncSourceCard extends LightningElement {
  /** UserSyncSourcesController.SourceView. */
  @api
  get source() {
    return this._source;
  }
  set source(value) {
    this._source = value;
    if (!this.dirty) {
      this.draft = { ...(value && value.settings ? value.settings : {}) };
    }
    if (value && value.connection && value.connection.link) {
      this.linkComing = false;
    }
  }
  /** Options of the User field to match (UserSyncSourcesController.getMatchFieldOptions). */
  @api matchFieldOptions = [];
  /** True when the user holds User_Sync_Manage_Integrations. */
  @api canManage = false;

  _source;
  draft = {};
  dirty = false;
  subdomain;
  linkComing = false;
  busy = false;
  error;
  notice;

  get isZendesk() {
    return this._source && this._source.source === 'zendesk';
  }
  get connection() {
    return (this._source && this._source.connection) || {};
  }
  get connectionStatus() {
    return this.connection.status || 'Not connected yet.';
  }
  get subdomainValue() {
    return this.subdomain ?? this.connection.subdomain ?? '';
  }
  get connectLabel() {
    return this.connection.connected ? 'Connect again' : 'Connect';
  }
  get toggleLabel() {
    return this._source && this._source.enabled ? 'Disable' : 'Enable';
  }
  get enabledLabel() {
    return this._source && this._source.enabled ? 'Enabled' : 'Disabled';
  }
  get regionOptions() {
    return REGIONS;
  }
  get matchOptions() {
    return [{ label: 'Email (default)', value: '' }, ...(this.matchFieldOptions || [])];
  }
  get roleOptions() {
    return (this._source && this._source.roleOptions) || [];
  }
  get syncMessage() {
    return this._source && this._source.syncMessage;
  }
  get headingId() {
    return `heading-${this._source ? this._source.source : 'source'}`;
  }

  handleSubdomainChange(event) {
    this.subdomain = event.target.value;
    event.target.setCustomValidity('');
  }

  handleFieldChange(event) {
    const field = event.target.dataset.field;
    const value =
      event.target.type === 'checkbox' || event.target.type === 'toggle'
        ? event.target.checked
        : event.detail.value;
    this.draft = { ...this.draft, [field]: value };
    this.dirty = true;
  }

  async handleConnect() {
    let subdomain = null;
    if (this.isZendesk) {
      const input = this.template.querySelector('lightning-input[data-field="subdomain"]');
      subdomain = normaliseSubdomain(this.subdomainValue);
      if (!subdomain) {
        input.setCustomValidity(BAD_SUBDOMAIN);
        input.reportValidity();
        this.error = { message: BAD_SUBDOMAIN };
        return;
      }
    }
    const saved = await this.run(() => connect({ source: this._source.source, subdomain }));
    if (saved) {
      this.linkComing = !saved.connection.link;
      this.notice = 'The connect link is coming: it appears here in a few seconds.';
      this.changed(saved);
      this.expectUpdate();
    }
  }

  handleOpenLink() {
    window.open(this.connection.link, '_blank', 'noopener');
  }

  async handleSave() {
    if (this.isZendesk && (!this.draft.roles || this.draft.roles.length === 0)) {
      this.error = { message: ROLES_REQUIRED };
      return;
    }
    const settings = {
      roles: this.draft.roles || [],
      primaryIdentifier: this.draft.primaryIdentifier || null,
      matchUserField: this.draft.matchUserField || null,
      intercomRegion: this.draft.intercomRegion || null,
      scheduleHours: toNumber(this.draft.scheduleHours),
      scheduleCron: trimmed(this.draft.scheduleCron),
      scheduleTimeZone: trimmed(this.draft.scheduleTimeZone),
      deactivationThreshold: toNumber(this.draft.deactivationThreshold),
      updateLinkedUserNames: this.draft.updateLinkedUserNames === true,
      deactivateLinkedUsers: this.draft.deactivateLinkedUsers === true,
    };
    const saved = await this.run(() => saveSettings({ source: this._source.source, settings }));
    if (saved) {
      this.dirty = false;
      this.notice = 'Settings saved.';
      this.changed(saved);
    }
  }

  async handleToggleEnabled() {
    const action = this._source.enabled ? disable : enable;
    const saved = await this.run(() => action({ source: this._source.source }));
    if (saved) {
      this.notice = saved.enabled
        ? 'Enabled: the first import starts now.'
        : 'Disabled: no more scheduled runs.';
      this.changed(saved);
      this.expectUpdate();
    }
  }

  async handleSyncNow() {
    if (await this.run(() => syncNow({ source: this._source.source }).then(() => true))) {
      this.notice = 'Sync asked: the run appears on the Runs tab.';
      this.expectUpdate();
    }
  }

  async handlePreview() {
    if (await this.run(() => preview({ source: this._source.source }).then(() => true))) {
      this.notice = 'Preview asked: what would change appears below when the companion has listed the users.';
      this.expectUpdate();
    }
  }

  async run(action) {
    this.busy = true;
    this.error = undefined;
    this.notice = undefined;
    try {
      return await action();
    } catch (error) {
      this.error = error;
      return undefined;
    } finally {
      this.busy = false;
    }
  }

  changed(source) {
    this.dispatchEvent(new CustomEvent('changed', { detail: source }));
  }

  expectUpdate() {
    this.dispatchEvent(new CustomEvent('expectupdate'));
  }
}

function toNumber(value) {
  return value === undefined || value === null || value === '' ? null : Number(value);
}

/** Text as Apex should get it: trimmed, blank as null (a blank cron schedule means every N hours). */
function trimmed(value) {
  const text = value === undefined || value === null ? '' : String(value).trim();
  return text === '' ? null : text;
}
