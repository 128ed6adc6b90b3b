import { createElement } from '@lwc/engine-dom';
import UserSyncPushForm, { STANDARD_TARGETS } from 'c/userSyncPushForm';
import savePush from '@salesforce/apex/UserSyncPushController.savePush';
import enable from '@salesforce/apex/UserSyncPushController.enable';
import disable from '@salesforce/apex/UserSyncPushController.disable';
import runNow from '@salesforce/apex/UserSyncPushController.runNow';
import preview from '@salesforce/apex/UserSyncPushController.preview';

const PUSH = require('./data/push.json');
const SAVED = require('./data/savePush.json');
const FIELDS = require('./data/getUserFields.json');

jest.mock('@salesforce/apex/UserSyncPushController.savePush', () => ({ default: jest.fn() }), {
  virtual: true,
});
jest.mock('@salesforce/apex/UserSyncPushController.enable', () => ({ default: jest.fn() }), {
  virtual: true,
});
jest.mock('@salesforce/apex/UserSyncPushController.disable', () => ({ default: jest.fn() }), {
  virtual: true,
});
jest.mock('@salesforce/apex/UserSyncPushController.runNow', () => ({ default: jest.fn() }), {
  virtual: true,
});
jest.mock('@salesforce/apex/UserSyncPushController.preview', () => ({ default: jest.fn() }), {
  virtual: true,
});

const flushPromises = () => new Promise((resolve) => process.nextTick(resolve));
const render = async (props) => {
  const element = createElement('c-user-sync-push-form', { is: UserSyncPushForm });
  Object.assign(element, {
    userFields: FIELDS,
    zendeskFields: [{ label: 'Plan', value: 'plan' }],
    canManage: true,
    canWrite: true,
    ...props,
  });
  document.body.appendChild(element);
  await flushPromises();
  return element;
};
const $ = (element, selector) => element.shadowRoot.querySelector(selector);
const $$ = (element, selector) => [...element.shadowRoot.querySelectorAll(selector)];
const change = (target, value) => target.dispatchEvent(new CustomEvent('change', { detail: { value } }));

describe('c-user-sync-push-form', () => {
  afterEach(() => {
    while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
    jest.clearAllMocks();
  });

  it('shows the push: settings, the count of its segment, one row per mapping; and is accessible', async () => {
    const element = await render({ push: PUSH });
    expect($(element, 'lightning-input[data-field="name"]').value).toBe('Support team');
    expect($(element, 'lightning-combobox[data-field="externalIdField"]').value).toBe('FederationIdentifier');
    expect($(element, '.count').textContent).toBe(
      'The segment matches 42 users (at the last preview or run).',
    );
    const rows = $$(element, '.mapping');
    expect(rows).toHaveLength(2);
    expect(rows[0].querySelector('lightning-combobox[data-field="target"]').options).toEqual(
      STANDARD_TARGETS,
    );
    // A custom attribute's key is typed (blank: derived from the field name).
    expect(rows[1].querySelector('lightning-input[data-field="target"]').value).toBe('tier');
    expect($(element, '.toggle').label).toBe('Disable');
    await expect(element).toBeAccessible();
  });

  it('saves the settings and every mapping, a new custom attribute without a key, and says so', async () => {
    savePush.mockResolvedValue(SAVED);
    const element = await render({ push: PUSH });
    const handler = jest.fn();
    element.addEventListener('saved', handler);
    const name = $(element, 'lightning-input[data-field="name"]');
    change(name, 'Support and success');
    $(element, 'lightning-button.add-row').click();
    await flushPromises();
    const added = $$(element, '.mapping')[2];
    change(added.querySelector('lightning-combobox[data-field="salesforceField"]'), 'Department');
    change(added.querySelector('lightning-combobox[data-field="kind"]'), 'Custom attribute');
    await flushPromises();
    // The first mapping is removed.
    $$(element, 'lightning-button.remove-row')[0].click();
    await flushPromises();
    $(element, 'lightning-button.save').click();
    await flushPromises();

    expect(savePush).toHaveBeenCalledWith({
      settings: { ...PUSH.settings, name: 'Support and success', nameField: null, scheduleHours: 24 },
      mappings: [
        {
          id: 'a0Q000000000002AAA',
          salesforceField: 'Tier__c',
          kind: 'Custom attribute',
          target: 'tier',
          mode: 'Only if empty',
        },
        { id: null, salesforceField: 'Department', kind: 'Custom attribute', target: null, mode: 'Set' },
      ],
    });
    expect(handler.mock.calls[0][0].detail).toEqual(SAVED);
    expect($(element, '.notice').textContent).toBe('Push saved.');
  });

  it('saves a cron schedule in its time zone, trimmed, and a blank one as none', async () => {
    savePush.mockResolvedValue(SAVED);
    const element = await render({ push: PUSH });
    change($(element, 'lightning-input[data-field="scheduleCron"]'), ' 30 1 * * * ');
    change($(element, 'lightning-input[data-field="scheduleTimeZone"]'), 'America/New_York');
    $(element, 'lightning-button.save').click();
    await flushPromises();
    expect(savePush.mock.calls[0][0].settings).toMatchObject({
      scheduleHours: 24,
      scheduleCron: '30 1 * * *',
      scheduleTimeZone: 'America/New_York',
    });

    change($(element, 'lightning-input[data-field="scheduleCron"]'), '   ');
    $(element, 'lightning-button.save').click();
    await flushPromises();
    expect(savePush.mock.calls[1][0].settings).toMatchObject({ scheduleCron: null });
  });

  it('asks for a preview and waits for its answer; runs an enabled push now', async () => {
    preview.mockResolvedValue(null);
    runNow.mockResolvedValue(null);
    const element = await render({ push: PUSH });
    const waiting = jest.fn();
    element.addEventListener('expectupdate', waiting);
    $(element, 'lightning-button.preview').click();
    await flushPromises();
    expect(preview).toHaveBeenCalledWith({ pushId: PUSH.id });
    expect($(element, '.notice').textContent).toMatch(/Nothing is sent\.$/);
    $(element, 'lightning-button.run-now').click();
    await flushPromises();
    expect(runNow).toHaveBeenCalledWith({ pushId: PUSH.id });
    expect(waiting).toHaveBeenCalledTimes(2);
  });

  it('enables only a push whose segment was counted, with write access; disables an enabled one', async () => {
    const notCounted = { ...PUSH, enabled: false, segmentCounted: false };
    let element = await render({ push: notCounted });
    expect($(element, '.toggle').disabled).toBe(true);
    expect($(element, '.count').textContent).toBe('Not counted yet for this segment: click Preview.');
    document.body.removeChild(element);
    element = await render({ push: { ...PUSH, enabled: false }, canWrite: false });
    expect($(element, '.toggle').disabled).toBe(true);
    document.body.removeChild(element);

    enable.mockResolvedValue({ ...PUSH, enabled: true });
    element = await render({ push: { ...PUSH, enabled: false } });
    $(element, '.toggle').click();
    await flushPromises();
    expect(enable).toHaveBeenCalledWith({ pushId: PUSH.id });
    expect($(element, '.notice').textContent).toBe('Enabled: the first activation starts now.');
    document.body.removeChild(element);

    disable.mockResolvedValue({ ...PUSH, enabled: false });
    element = await render({ push: PUSH });
    $(element, '.toggle').click();
    await flushPromises();
    expect(disable).toHaveBeenCalledWith({ pushId: PUSH.id });
  });

  it('shows why a save was refused, as the controller says it', async () => {
    savePush.mockRejectedValue({ body: { message: '"Secret__c" is not a User field you can read.' } });
    const element = await render({ push: null });
    expect($(element, '.count').textContent).toMatch(/^Save the push, then click Preview/);
    expect($(element, 'lightning-button.preview').disabled).toBe(true);
    $(element, 'lightning-button.save').click();
    await flushPromises();
    expect($(element, 'c-error-panel').errors.body.message).toBe(
      '"Secret__c" is not a User field you can read.',
    );
  });

  it('is read only without Manage Integrations', async () => {
    const element = await render({ push: PUSH, canManage: false });
    expect($(element, '.actions')).toBeNull();
    expect($(element, 'lightning-button.add-row')).toBeNull();
    expect($(element, 'lightning-input[data-field="name"]').disabled).toBe(true);
  });
});
