import { createElement } from '@lwc/engine-dom';
import UserSyncCreateUsers from 'c/userSyncCreateUsers';
import getProfiles from '@salesforce/apex/UserSyncPendingUsersController.getProfiles';
import getNewUserDefaults from '@salesforce/apex/UserSyncPendingUsersController.getNewUserDefaults';
import proposeNewUsers from '@salesforce/apex/UserSyncPendingUsersController.proposeNewUsers';
import createUsers from '@salesforce/apex/UserSyncPendingUsersController.createUsers';

const ROWS = require('./data/selectedRows.json');
const PROFILES = require('./data/getProfiles.json');
const DEFAULTS = require('./data/getNewUserDefaults.json');
const DRAFTS = require('./data/proposeNewUsers.json');
const RESULTS = require('./data/createUsers.json');

jest.mock('@salesforce/apex/UserSyncPendingUsersController.getProfiles', () => ({ default: jest.fn() }), {
  virtual: true,
});
jest.mock(
  '@salesforce/apex/UserSyncPendingUsersController.getNewUserDefaults',
  () => ({ default: jest.fn() }),
  {
    virtual: true,
  },
);
jest.mock('@salesforce/apex/UserSyncPendingUsersController.proposeNewUsers', () => ({ default: jest.fn() }), {
  virtual: true,
});
jest.mock('@salesforce/apex/UserSyncPendingUsersController.createUsers', () => ({ default: jest.fn() }), {
  virtual: true,
});

const flushPromises = () => new Promise((resolve) => process.nextTick(resolve));
const render = async () => {
  const element = createElement('c-user-sync-create-users', { is: UserSyncCreateUsers });
  element.rows = ROWS;
  document.body.appendChild(element);
  await flushPromises();
  return element;
};
const chooseProfile = async (element, id) => {
  element.shadowRoot
    .querySelector('lightning-combobox.profile')
    .dispatchEvent(new CustomEvent('change', { detail: { value: id } }));
  await flushPromises();
};
const draftInput = (element, index, field) =>
  element.shadowRoot.querySelector(`lightning-input[data-index="${index}"][data-field="${field}"]`);

describe('c-user-sync-create-users', () => {
  beforeEach(() => {
    getProfiles.mockResolvedValue(PROFILES);
    getNewUserDefaults.mockResolvedValue(DEFAULTS);
    proposeNewUsers.mockResolvedValue(DRAFTS);
  });
  afterEach(() => {
    while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
    jest.clearAllMocks();
  });

  it('proposes the users, profiles with licences left, and the admin defaults', async () => {
    const element = await render();
    expect(proposeNewUsers).toHaveBeenCalledWith({
      externalUserIds: ['a0A000000000002AAA', 'a0A000000000003AAA'],
    });
    expect(
      element.shadowRoot.querySelector('lightning-combobox.profile').options.map((o) => o.label),
    ).toEqual([
      'Standard User (Salesforce: 1 licences left)',
      'Support Agent (Salesforce Platform: 25 licences left)',
    ]);
    expect(element.shadowRoot.querySelector('lightning-combobox[data-field="timeZone"]').value).toBe(
      'Europe/Paris',
    );
    expect(draftInput(element, 0, 'username').value).toBe('bob+2@acme.com');
    expect(draftInput(element, 1, 'alias').value).toBe('cmartin');
    expect(draftInput(element, 1, 'alias').maxLength).toBe('8');
    await expect(element).toBeAccessible();
  });

  it('warns when the chosen profile has fewer licences left than users to create', async () => {
    const element = await render();
    await chooseProfile(element, '00e000000000001AAA');
    expect(element.shadowRoot.querySelector('.licence-warning').textContent).toMatch(
      /^Only 1 Salesforce licences are left for 2 users/,
    );
    await chooseProfile(element, '00e000000000002AAA');
    expect(element.shadowRoot.querySelector('.licence-warning')).toBeNull();
  });

  it('asks for a profile before creating anything', async () => {
    const element = await render();
    element.shadowRoot.querySelector('lightning-button.create-button').click();
    await flushPromises();
    expect(createUsers).not.toHaveBeenCalled();
    expect(element.shadowRoot.querySelector('c-error-panel').errors.message).toBe(
      'Choose a profile for the new users.',
    );
  });

  it('creates the users as edited, with the chosen profile and settings, and reports each row', async () => {
    createUsers.mockResolvedValue(RESULTS);
    const element = await render();
    const done = jest.fn();
    element.addEventListener('done', done);
    await chooseProfile(element, '00e000000000002AAA');
    const username = draftInput(element, 1, 'username');
    username.value = 'cleo.martin@acme.com';
    username.dispatchEvent(new CustomEvent('change'));
    element.shadowRoot
      .querySelector('lightning-combobox[data-field="timeZone"]')
      .dispatchEvent(new CustomEvent('change', { detail: { value: 'GMT' } }));
    await flushPromises();
    element.shadowRoot.querySelector('lightning-button.create-button').click();
    await flushPromises();

    expect(createUsers).toHaveBeenCalledWith({
      settings: {
        profileId: '00e000000000002AAA',
        timeZone: 'GMT',
        locale: 'fr_FR',
        language: 'en_US',
        emailEncoding: 'UTF-8',
      },
      users: [DRAFTS[0], { ...DRAFTS[1], username: 'cleo.martin@acme.com' }],
    });
    expect(done.mock.calls[0][0].detail).toEqual(RESULTS);
  });

  it('shows a refusal such as too few licences', async () => {
    createUsers.mockRejectedValue({
      body: { message: 'Not enough Salesforce licences: 2 users to create, 1 left. Nothing was created.' },
    });
    const element = await render();
    await chooseProfile(element, '00e000000000001AAA');
    element.shadowRoot.querySelector('lightning-button.create-button').click();
    await flushPromises();
    expect(element.shadowRoot.querySelector('c-error-panel').errors.body.message).toMatch(
      /^Not enough Salesforce/,
    );
  });
});
