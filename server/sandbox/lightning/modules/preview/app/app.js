import { LightningElement } from 'lwc';
import { session } from 'preview/session';

const TOAST_MS = 6000;

/**
 * The page around the app's tabs, as Lightning Experience draws it for a standard-navigation app: the
 * app name and its tabs in the navigation bar, the current tab's component below. It adds what only
 * the sandbox has: who the page runs as, and a way to switch to another user of the org.
 */
export default class App extends LightningElement {
  toasts = [];

  get appLabel() {
    return session().appLabel || 'User Sync';
  }
  get userName() {
    return session().userName;
  }
  get tabs() {
    return session().tabs.map((tab) => ({
      ...tab,
      itemClass: `slds-context-bar__item${tab.active ? ' slds-is-active' : ''}`,
      current: tab.active ? 'page' : null,
    }));
  }
  get users() {
    return session().users.map((user) => ({ ...user, selected: user.current }));
  }
  get tab() {
    return session().tab;
  }
  get isSources() {
    return this.tab === 'User_Sync_Sources';
  }
  get isPendingUsers() {
    return this.tab === 'User_Sync_Pending_Users';
  }
  get isRuns() {
    return this.tab === 'User_Sync_Runs';
  }
  get isIAdvize() {
    return this.tab === 'User_Sync_IAdvize';
  }
  get isPush() {
    return this.tab === 'User_Sync_Push';
  }
  get noTab() {
    return !this.isSources && !this.isPendingUsers && !this.isRuns && !this.isIAdvize && !this.isPush;
  }

  connectedCallback() {
    this.template.addEventListener('lightning__showtoast', (event) => this.showToast(event.detail || {}));
  }

  showToast({ title, message, variant = 'info' }) {
    const id = `${Date.now()}-${this.toasts.length}`;
    const toast = {
      id,
      title,
      message,
      themeClass: `slds-notify slds-notify_toast slds-theme_${variant === 'error' ? 'error' : variant}`,
    };
    this.toasts = [...this.toasts, toast];
    // eslint-disable-next-line @lwc/lwc/no-async-operation
    setTimeout(() => {
      this.toasts = this.toasts.filter((t) => t.id !== id);
    }, TOAST_MS);
  }

  handleUserChange(event) {
    const url = new URL(window.location.href);
    url.searchParams.set('as', event.target.value);
    window.location.assign(url.toString());
  }
}
