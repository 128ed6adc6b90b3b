import { createElement } from '@lwc/engine-dom';
import UserSyncLinkUsers from 'c/userSyncLinkUsers';
import linkUsers from '@salesforce/apex/UserSyncPendingUsersController.linkUsers';

const ROWS = require('./data/selectedRows.json');
const RESULTS = require('./data/linkUsers.json');

jest.mock('@salesforce/apex/UserSyncPendingUsersController.linkUsers', () => ({ default: jest.fn() }), {
  virtual: true,
});

const flushPromises = () => new Promise((resolve) => process.nextTick(resolve));
const render = async () => {
  const element = createElement('c-user-sync-link-users', { is: UserSyncLinkUsers });
  element.rows = ROWS;
  document.body.appendChild(element);
  await flushPromises();
  return element;
};
const pickers = (element) => [...element.shadowRoot.querySelectorAll('lightning-record-picker')];
const choose = (picker, recordId) =>
  picker.dispatchEvent(new CustomEvent('change', { detail: { recordId } }));
const button = (element, selector) => element.shadowRoot.querySelector(selector);

describe('c-user-sync-link-users', () => {
  afterEach(() => {
    while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
    jest.clearAllMocks();
  });

  it('offers one user picker per row, pre-filled with the suggested user', async () => {
    const element = await render();
    expect(pickers(element).map((p) => p.label)).toEqual([
      'Salesforce user for Ann Lee',
      'Salesforce user for Bob Stone',
    ]);
    expect(pickers(element)[0].value).toBe('005000000000001AAA');
    expect(pickers(element)[0].objectApiName).toBe('User');
    expect(pickers(element)[0].filter.criteria).toContainEqual({
      fieldPath: 'IsActive',
      operator: 'eq',
      value: true,
    });
    expect(pickers(element)[1].value).toBeNull();
    expect(button(element, '.link-button').label).toBe('Link 2 users');
    await expect(element).toBeAccessible();
  });

  it('asks for a user for every row before linking', async () => {
    const element = await render();
    button(element, '.link-button').click();
    await flushPromises();
    expect(linkUsers).not.toHaveBeenCalled();
    expect(element.shadowRoot.querySelector('c-error-panel').errors.message).toBe(
      'Choose a Salesforce user for Bob Stone.',
    );
  });

  it('links each row to the chosen user and reports the results', async () => {
    linkUsers.mockResolvedValue(RESULTS);
    const element = await render();
    const done = jest.fn();
    element.addEventListener('done', done);
    choose(pickers(element)[1], '005000000000009AAA');
    button(element, '.link-button').click();
    await flushPromises();
    expect(linkUsers).toHaveBeenCalledWith({
      links: [
        { externalUserId: 'a0A000000000001AAA', userId: '005000000000001AAA' },
        { externalUserId: 'a0A000000000002AAA', userId: '005000000000009AAA' },
      ],
    });
    expect(done.mock.calls[0][0].detail).toEqual(RESULTS);
  });

  it('shows why nothing was linked', async () => {
    linkUsers.mockRejectedValue({
      body: { message: 'You need the "User Sync: Activate Users" permission.' },
    });
    const element = await render();
    choose(pickers(element)[1], '005000000000009AAA');
    button(element, '.link-button').click();
    await flushPromises();
    expect(element.shadowRoot.querySelector('c-error-panel').errors.body.message).toMatch(/Activate Users/);
  });

  it('cancels', async () => {
    const element = await render();
    const cancel = jest.fn();
    element.addEventListener('cancel', cancel);
    button(element, '.cancel-button').click();
    expect(cancel).toHaveBeenCalled();
  });
});
