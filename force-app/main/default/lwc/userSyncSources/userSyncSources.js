import { LightningElement } from 'lwc';
import getSources from '@salesforce/apex/UserSyncSourcesController.getSources';
import getMatchFieldOptions from '@salesforce/apex/UserSyncSourcesController.getMatchFieldOptions';
import { canManageIntegrations } from 'c/userSyncPermissions';
import { watchUpdates } from 'c/userSyncUpdates';

/**
 * The Sources tab: one card per source, refreshed when the companion reports a change (connect link
 * written, connected, run progressed or finished) through User_Sync_Update__e, or by bounded polling
 * where the Streaming API is not available.
 */
export default class UserSyncSources extends LightningElement {
  sources = [];
  matchFieldOptions = [];
  canManage = false;
  loading = true;
  error;
  watcher;

  connectedCallback() {
    this.canManage = canManageIntegrations();
    this.watcher = watchUpdates(() => this.load());
    this.load();
    getMatchFieldOptions()
      .then((options) => {
        this.matchFieldOptions = options;
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
      this.sources = await getSources();
      this.error = undefined;
    } catch (error) {
      this.error = error;
    } finally {
      this.loading = false;
    }
  }

  handleChanged(event) {
    const saved = event.detail;
    this.sources = this.sources.map((source) => (source.source === saved.source ? saved : source));
  }

  handleExpectUpdate() {
    this.watcher.expectChange();
  }
}
