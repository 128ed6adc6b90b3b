import { LightningElement } from 'lwc';
import getPushTab from '@salesforce/apex/UserSyncPushController.getPushTab';
import getUserFields from '@salesforce/apex/UserSyncPushController.getUserFields';
import reconnectWithWriteAccess from '@salesforce/apex/UserSyncPushController.reconnectWithWriteAccess';
import { canManageIntegrations } from 'c/userSyncPermissions';
import { watchUpdates } from 'c/userSyncUpdates';

export const NEW_PUSH = '__new';

/**
 * The Push to Zendesk tab: the pushes (pick one or start a new one), the one chosen with its form,
 * latest activation and latest preview, and what pushing needs of the Zendesk connection (write
 * access, offered as a reconnection). Refreshed when the companion reports a change to a push or a
 * run (User_Sync_Update__e, kind PUSH, or a connection), or by bounded polling without the Streaming API.
 */
export default class UserSyncPush extends LightningElement {
  tab = { pushes: [], zendesk: {} };
  userFields = [];
  selectedId;
  canManage = false;
  loading = true;
  error;
  notice;
  watcher;

  connectedCallback() {
    this.canManage = canManageIntegrations();
    this.watcher = watchUpdates((payload) => {
      if (!payload || payload.Kind__c === 'PUSH' || payload.Kind__c === 'CONNECTION') this.load();
    });
    this.load();
    getUserFields()
      .then((fields) => {
        this.userFields = fields;
      })
      .catch((error) => {
        this.error = error;
      });
  }

  disconnectedCallback() {
    if (this.watcher) {
      this.watcher.stop();
    }
  }

  async load() {
    try {
      this.tab = await getPushTab();
      if (!this.selectedId && this.tab.pushes.length > 0) this.selectedId = this.tab.pushes[0].id;
      this.error = undefined;
    } catch (error) {
      this.error = error;
    } finally {
      this.loading = false;
    }
  }

  get zendesk() {
    return this.tab.zendesk || {};
  }
  get notConnected() {
    return !this.zendesk.connected;
  }
  get readOnlyConnection() {
    return this.zendesk.connected && !this.zendesk.canWrite;
  }
  get pushOptions() {
    return [
      ...this.tab.pushes.map((push) => ({
        label: `${push.settings.name} (${push.enabled ? 'enabled' : 'disabled'})`,
        value: push.id,
      })),
      ...(this.canManage ? [{ label: 'New push…', value: NEW_PUSH }] : []),
    ];
  }
  get hasChoice() {
    return this.pushOptions.length > 0;
  }
  get chosen() {
    return this.tab.pushes.find((push) => push.id === this.selectedId) || null;
  }
  get showForm() {
    return this.selectedId === NEW_PUSH || this.chosen !== null;
  }
  get zendeskFields() {
    return this.zendesk.userFields || [];
  }

  handleSelect(event) {
    this.selectedId = event.detail.value;
    this.notice = undefined;
  }

  handleSaved(event) {
    const saved = event.detail;
    const others = this.tab.pushes.filter((push) => push.id !== saved.id);
    this.tab = {
      ...this.tab,
      pushes: [...others, saved].sort((a, b) => a.settings.name.localeCompare(b.settings.name)),
    };
    this.selectedId = saved.id;
  }

  handleExpectUpdate() {
    this.watcher.expectChange();
  }

  async handleReconnect() {
    try {
      await reconnectWithWriteAccess();
      this.notice =
        'The connect link is coming: open it, then allow the access in Zendesk as a Zendesk admin. The push can write once Zendesk granted write access.';
      this.error = undefined;
      this.watcher.expectChange();
    } catch (error) {
      this.error = error;
    }
  }

  handleOpenLink() {
    window.open(this.zendesk.link, '_blank', 'noopener');
  }
}
