import { createElement } from '@lwc/engine-dom';
import UserSyncPush, { NEW_PUSH } from 'c/userSyncPush';
import getPushTab from '@salesforce/apex/UserSyncPushController.getPushTab';
import getUserFields from '@salesforce/apex/UserSyncPushController.getUserFields';
import reconnectWithWriteAccess from '@salesforce/apex/UserSyncPushController.reconnectWithWriteAccess';
import { canManageIntegrations } from 'c/userSyncPermissions';
import { watchUpdates } from 'c/userSyncUpdates';

const TAB = require('./data/getPushTab.json');
const FIELDS = require('./data/getUserFields.json');

jest.mock('@salesforce/apex/UserSyncPushController.getPushTab', () => ({ default: jest.fn() }), {
  virtual: true,
});
jest.mock('@salesforce/apex/UserSyncPushController.getUserFields', () => ({ default: jest.fn() }), {
  virtual: true,
});
jest.mock(
  '@salesforce/apex/UserSyncPushController.reconnectWithWriteAccess',
  () => ({ default: jest.fn() }),
  {
    virtual: true,
  },
);
jest.mock('c/userSyncPermissions', () => ({ canManageIntegrations: jest.fn(), canActivateUsers: jest.fn() }));
jest.mock('c/userSyncUpdates', () => ({ watchUpdates: jest.fn() }));

const flushPromises = () => new Promise((resolve) => process.nextTick(resolve));
const render = async () => {
  const element = createElement('c-user-sync-push', { is: UserSyncPush });
  document.body.appendChild(element);
  await flushPromises();
  return element;
};
const $ = (element, selector) => element.shadowRoot.querySelector(selector);
/** The run times line, drawn by c-user-sync-run-times. */
const runTimes = (element, selector) =>
  $(element, 'c-user-sync-run-times').shadowRoot.querySelector(selector);

describe('c-user-sync-push', () => {
  let watcher;
  beforeEach(() => {
    getPushTab.mockResolvedValue(TAB);
    getUserFields.mockResolvedValue(FIELDS);
    canManageIntegrations.mockReturnValue(true);
    watcher = { expectChange: jest.fn(), stop: jest.fn(), onUpdate: null };
    watchUpdates.mockImplementation((onUpdate) => {
      watcher.onUpdate = onUpdate;
      return watcher;
    });
  });
  afterEach(() => {
    while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
    jest.clearAllMocks();
  });

  it('shows the first push with its form, notice, latest preview and activation, and is accessible', async () => {
    const element = await render();
    const choose = $(element, 'lightning-combobox.choose');
    expect(choose.value).toBe(TAB.pushes[0].id);
    expect(choose.options.map((o) => o.label)).toEqual([
      'Support team (enabled)',
      'Sales (disabled)',
      'New push…',
    ]);
    const form = $(element, 'c-user-sync-push-form');
    expect(form.push).toEqual(TAB.pushes[0]);
    expect(form.userFields).toEqual(FIELDS);
    expect(form.zendeskFields).toEqual(TAB.zendesk.userFields);
    expect(form.canWrite).toBe(false);
    expect($(element, '.push-notice').textContent).toContain('[PUSH_BULK_IMPORT_UNAVAILABLE]');
    expect(runTimes(element, '.next-runs').textContent).toBe(`Next runs: ${TAB.pushes[0].nextRuns}`);
    const runs = element.shadowRoot.querySelectorAll('c-user-sync-push-run');
    expect([...runs].map((r) => r.run && r.run.name)).toEqual(['PUSH-0000001', 'PUSH-0000002']);
    await expect(element).toBeAccessible();
  });

  it('says why a push cannot run, on the push the admin picks', async () => {
    const element = await render();
    $(element, 'lightning-combobox.choose').dispatchEvent(
      new CustomEvent('change', { detail: { value: TAB.pushes[1].id } }),
    );
    await flushPromises();
    expect($(element, '.status-message').textContent).toBe(TAB.pushes[1].statusMessage);
    expect($(element, 'c-user-sync-push-form').push.settings.name).toBe('Sales');
    // Nothing planned for a disabled push: no next runs line.
    expect(runTimes(element, '.next-runs')).toBeNull();
  });

  it('offers to reconnect with write access when Zendesk granted read only, and waits for the link', async () => {
    reconnectWithWriteAccess.mockResolvedValue(null);
    const element = await render();
    expect($(element, '.write-access').textContent).toContain('scope: read');
    $(element, 'lightning-button.reconnect').click();
    await flushPromises();
    expect(reconnectWithWriteAccess).toHaveBeenCalled();
    expect($(element, '.notice').textContent).toMatch(/^The connect link is coming/);
    expect(watcher.expectChange).toHaveBeenCalled();

    getPushTab.mockResolvedValue({
      ...TAB,
      zendesk: { ...TAB.zendesk, link: 'https://sync.acme.test/oauth/zendesk/start?sig=x' },
    });
    watcher.onUpdate({ Kind__c: 'CONNECTION' });
    await flushPromises();
    expect($(element, 'lightning-button.open-link')).not.toBeNull();
  });

  it('reloads when the companion reports a push change, and ignores other updates', async () => {
    await render();
    expect(getPushTab).toHaveBeenCalledTimes(1);
    watcher.onUpdate({ Kind__c: 'PUSH', Record_Id__c: 'a0R000000000003AAA' });
    watcher.onUpdate({ Kind__c: 'RUN', Record_Id__c: 'a0C000000000003AAA' });
    watcher.onUpdate(null);
    await flushPromises();
    expect(getPushTab).toHaveBeenCalledTimes(3);
  });

  it('starts a new push from the choice, and shows the saved one', async () => {
    const element = await render();
    $(element, 'lightning-combobox.choose').dispatchEvent(
      new CustomEvent('change', { detail: { value: NEW_PUSH } }),
    );
    await flushPromises();
    const form = $(element, 'c-user-sync-push-form');
    expect(form.push).toBeNull();
    const saved = {
      ...TAB.pushes[1],
      id: 'a0P000000000003AAA',
      settings: { ...TAB.pushes[1].settings, name: 'Agents' },
    };
    form.dispatchEvent(new CustomEvent('saved', { detail: saved }));
    await flushPromises();
    expect($(element, 'lightning-combobox.choose').value).toBe('a0P000000000003AAA');
    expect($(element, 'c-user-sync-push-form').push.settings.name).toBe('Agents');
  });

  it('shows no way to change anything without Manage Integrations', async () => {
    canManageIntegrations.mockReturnValue(false);
    const element = await render();
    expect($(element, 'lightning-button.reconnect')).toBeNull();
    expect($(element, 'lightning-combobox.choose').options.map((o) => o.value)).not.toContain(NEW_PUSH);
    expect($(element, 'c-user-sync-push-form').canManage).toBe(false);
  });

  it('shows why the tab could not load', async () => {
    getPushTab.mockRejectedValue({ body: { message: 'Insufficient access' } });
    const element = await render();
    expect($(element, 'c-error-panel').errors.body.message).toBe('Insufficient access');
  });
});
