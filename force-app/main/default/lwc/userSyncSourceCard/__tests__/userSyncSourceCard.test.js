import { createElement } from '@lwc/engine-dom';
import UserSyncSourceCard from 'c/userSyncSourceCard';
import saveSettings from '@salesforce/apex/UserSyncSourcesController.saveSettings';
import connect from '@salesforce/apex/UserSyncSourcesController.connect';
import enable from '@salesforce/apex/UserSyncSourcesController.enable';
import syncNow from '@salesforce/apex/UserSyncSourcesController.syncNow';
import preview from '@salesforce/apex/UserSyncSourcesController.preview';

const ZENDESK = require('./data/zendeskSource.json');
const INTERCOM = require('./data/intercomSource.json');
const MATCH_FIELDS = require('./data/getMatchFieldOptions.json');

jest.mock('@salesforce/apex/UserSyncSourcesController.saveSettings', () => ({ default: jest.fn() }), {
  virtual: true,
});
jest.mock('@salesforce/apex/UserSyncSourcesController.connect', () => ({ default: jest.fn() }), {
  virtual: true,
});
jest.mock('@salesforce/apex/UserSyncSourcesController.enable', () => ({ default: jest.fn() }), {
  virtual: true,
});
jest.mock('@salesforce/apex/UserSyncSourcesController.disable', () => ({ default: jest.fn() }), {
  virtual: true,
});
jest.mock('@salesforce/apex/UserSyncSourcesController.syncNow', () => ({ default: jest.fn() }), {
  virtual: true,
});
jest.mock('@salesforce/apex/UserSyncSourcesController.preview', () => ({ default: jest.fn() }), {
  virtual: true,
});

const flushPromises = () => new Promise((resolve) => process.nextTick(resolve));
const clone = (value) => JSON.parse(JSON.stringify(value));

const render = async (source, canManage = true) => {
  const element = createElement('c-user-sync-source-card', { is: UserSyncSourceCard });
  element.source = clone(source);
  element.matchFieldOptions = MATCH_FIELDS;
  element.canManage = canManage;
  document.body.appendChild(element);
  await flushPromises();
  return element;
};
const button = (element, label) =>
  [...element.shadowRoot.querySelectorAll('lightning-button')].find((b) => b.label === label);
/** The run times line, drawn by c-user-sync-run-times. */
const runTimes = (element, selector) =>
  element.shadowRoot.querySelector('c-user-sync-run-times').shadowRoot.querySelector(selector);
const field = (element, name) => element.shadowRoot.querySelector(`[data-field="${name}"]`);
const change = (target, detail, props = {}) => {
  Object.assign(target, props);
  target.dispatchEvent(new CustomEvent('change', { detail }));
};

describe('c-user-sync-source-card', () => {
  afterEach(() => {
    while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
    jest.clearAllMocks();
  });

  it('shows the connection, the companion message, the settings and the latest preview', async () => {
    const element = await render(ZENDESK);
    const root = element.shadowRoot;
    expect(root.querySelector('h2').textContent).toBe('Zendesk');
    expect(root.querySelector('.connection-status').textContent).toBe(ZENDESK.connection.status);
    expect(root.querySelector('.sync-message').textContent).toBe(ZENDESK.syncMessage);
    expect(field(element, 'subdomain').value).toBe('abc-energy');
    expect(field(element, 'roles').options).toEqual(ZENDESK.roleOptions);
    expect(field(element, 'roles').value).toEqual(['agent']);
    expect(field(element, 'matchUserField').options[0]).toEqual({ label: 'Email (default)', value: '' });
    expect(field(element, 'matchUserField').options).toHaveLength(4);
    expect(root.querySelector('.latest-preview c-user-sync-run-details').run.status).toBe('Preview');
    expect(button(element, 'Enable')).toBeDefined();
    await expect(element).toBeAccessible();
  });

  it('shows no action and no form to a user without Manage Integrations', async () => {
    const element = await render(ZENDESK, false);
    expect(element.shadowRoot.querySelectorAll('lightning-button')).toHaveLength(0);
    expect(element.shadowRoot.querySelector('lightning-input')).toBeNull();
    expect(element.shadowRoot.querySelector('.connection-status').textContent).toBe(
      ZENDESK.connection.status,
    );
  });

  it('connects with the normalised subdomain, says the link is coming, then offers to open it', async () => {
    const waiting = { ...clone(ZENDESK), connection: { ...ZENDESK.connection, subdomain: 'abc-energy' } };
    connect.mockResolvedValue(waiting);
    const element = await render(ZENDESK);
    const expected = jest.fn();
    element.addEventListener('expectupdate', expected);

    change(field(element, 'subdomain'), {}, { value: 'https://ABC-energy.zendesk.com/' });
    button(element, 'Connect again').click();
    await flushPromises();

    expect(connect).toHaveBeenCalledWith({ source: 'zendesk', subdomain: 'abc-energy' });
    expect(element.shadowRoot.querySelector('.link-coming').textContent).toBe('The connect link is coming…');
    expect(expected).toHaveBeenCalled();
    expect(button(element, 'Open connect link')).toBeUndefined();

    // The companion wrote the link: the tab passes the refreshed source down, no page reload.
    const link = 'https://companion.example.com/connect/start?sig=abc';
    element.source = {
      ...clone(ZENDESK),
      connection: { ...ZENDESK.connection, link, linkExpires: '2026-11-22T10:10:00.000Z' },
    };
    await flushPromises();
    expect(element.shadowRoot.querySelector('.link-coming')).toBeNull();
    const open = jest.spyOn(window, 'open').mockImplementation(() => null);
    button(element, 'Open connect link').click();
    expect(open).toHaveBeenCalledWith(link, '_blank', 'noopener');
    open.mockRestore();
  });

  it('refuses a subdomain that is not one before saving anything', async () => {
    const element = await render(ZENDESK);
    change(field(element, 'subdomain'), {}, { value: '-acme-' });
    button(element, 'Connect again').click();
    await flushPromises();
    expect(connect).not.toHaveBeenCalled();
    expect(element.shadowRoot.querySelector('c-error-panel').errors.message).toMatch(
      /^Enter the Zendesk subdomain/,
    );
  });

  it('connects Intercom without a subdomain', async () => {
    connect.mockResolvedValue(clone(INTERCOM));
    const element = await render(INTERCOM);
    expect(field(element, 'subdomain')).toBeNull();
    button(element, 'Connect').click();
    await flushPromises();
    expect(connect).toHaveBeenCalledWith({ source: 'intercom', subdomain: null });
  });

  it('saves the edited settings and reports the saved source', async () => {
    const saved = clone(ZENDESK);
    saveSettings.mockResolvedValue(saved);
    const element = await render(ZENDESK);
    const changed = jest.fn();
    element.addEventListener('changed', changed);

    change(field(element, 'roles'), { value: ['agent', '360001'] });
    change(field(element, 'matchUserField'), { value: 'FederationIdentifier' });
    change(field(element, 'primaryIdentifier'), { value: 'external_id' });
    change(field(element, 'scheduleHours'), { value: '12' });
    change(field(element, 'deactivateLinkedUsers'), {}, { checked: true });
    button(element, 'Save settings').click();
    await flushPromises();

    expect(saveSettings).toHaveBeenCalledWith({
      source: 'zendesk',
      settings: {
        roles: ['agent', '360001'],
        primaryIdentifier: 'external_id',
        matchUserField: 'FederationIdentifier',
        intercomRegion: null,
        scheduleHours: 12,
        scheduleCron: null,
        scheduleTimeZone: null,
        deactivationThreshold: 20,
        updateLinkedUserNames: false,
        deactivateLinkedUsers: true,
      },
    });
    expect(changed.mock.calls[0][0].detail).toEqual(saved);
    expect(element.shadowRoot.querySelector('.notice').textContent).toBe('Settings saved.');
  });

  it('saves a cron schedule in its time zone and shows the next three runs the companion wrote', async () => {
    saveSettings.mockResolvedValue(clone(ZENDESK));
    const element = await render(ZENDESK);
    expect(runTimes(element, '.next-runs').textContent).toBe(
      'Next runs: 2026-11-23 02:00, 2026-11-24 02:00, 2026-11-25 02:00 (Europe/Paris)',
    );

    change(field(element, 'scheduleCron'), { value: ' 0 2 * * 1-5 ' });
    change(field(element, 'scheduleTimeZone'), { value: 'Europe/Paris ' });
    button(element, 'Save settings').click();
    await flushPromises();

    expect(saveSettings.mock.calls[0][0].settings).toMatchObject({
      scheduleHours: 6,
      scheduleCron: '0 2 * * 1-5',
      scheduleTimeZone: 'Europe/Paris',
    });
  });

  it('shows why a cron schedule or time zone was refused, and keeps what the admin typed', async () => {
    const message =
      'Schedule: "0 25 * * *" is not a cron expression: "25" is not a valid hour (minute hour day-of-month month day-of-week).';
    saveSettings.mockRejectedValue({ body: { message } });
    const element = await render(ZENDESK);
    change(field(element, 'scheduleCron'), { value: '0 25 * * *' });
    button(element, 'Save settings').click();
    await flushPromises();

    const panel = element.shadowRoot.querySelector('c-error-panel');
    expect(panel.errors).toEqual({ body: { message } });
    expect(field(element, 'scheduleCron').value).toBe('0 25 * * *');
    expect(element.shadowRoot.querySelector('.notice')).toBeNull();
  });

  it('says a source never ran, and shows the last and next run once there are', async () => {
    const never = await render(INTERCOM);
    const line = (element) => runTimes(element, '.schedule');
    expect(line(never).textContent).toBe('Not run yet.\u00a0');
    expect(line(never).querySelectorAll('lightning-formatted-date-time')).toHaveLength(0);
    const ran = await render({
      ...INTERCOM,
      lastRun: '2026-11-22T11:00:00.000Z',
      nextRun: '2026-11-22T17:00:00.000Z',
    });
    expect(line(ran).textContent).toMatch(/^Last run\u00a0.*\.\u00a0Next run\u00a0.*\.$/);
    expect([...line(ran).querySelectorAll('lightning-formatted-date-time')].map((d) => d.value)).toEqual([
      '2026-11-22T11:00:00.000Z',
      '2026-11-22T17:00:00.000Z',
    ]);
  });

  it('shows no next runs line when none is planned', async () => {
    const element = await render(INTERCOM);
    expect(runTimes(element, '.next-runs')).toBeNull();
  });

  it('says Zendesk roles are required before saving', async () => {
    const element = await render(ZENDESK);
    change(field(element, 'roles'), { value: [] });
    button(element, 'Save settings').click();
    await flushPromises();
    expect(saveSettings).not.toHaveBeenCalled();
    expect(element.shadowRoot.querySelector('c-error-panel').errors.message).toMatch(
      /^Choose at least one Zendesk role/,
    );
  });

  it('enables, syncs now and previews through their Apex methods', async () => {
    enable.mockResolvedValue({ ...clone(ZENDESK), enabled: true });
    syncNow.mockResolvedValue(null);
    preview.mockResolvedValue(null);
    const element = await render(ZENDESK);
    const expected = jest.fn();
    element.addEventListener('expectupdate', expected);

    button(element, 'Enable').click();
    await flushPromises();
    button(element, 'Sync now').click();
    await flushPromises();
    button(element, 'Preview').click();
    await flushPromises();

    expect(enable).toHaveBeenCalledWith({ source: 'zendesk' });
    expect(syncNow).toHaveBeenCalledWith({ source: 'zendesk' });
    expect(preview).toHaveBeenCalledWith({ source: 'zendesk' });
    expect(expected).toHaveBeenCalledTimes(3);
  });

  it('shows the message of a refused action', async () => {
    preview.mockRejectedValue({ body: { message: 'Connect Zendesk before you preview it.' } });
    const element = await render(ZENDESK);
    button(element, 'Preview').click();
    await flushPromises();
    const panel = element.shadowRoot.querySelector('c-error-panel');
    expect(panel.errors.body.message).toBe('Connect Zendesk before you preview it.');
    expect(element.shadowRoot.querySelector('.notice')).toBeNull();
  });
});
