import { createElement } from '@lwc/engine-dom';
import UserSyncIAdvize, { POLL_INTERVAL_MS } from 'c/userSyncIAdvize';
import getStatusCounts from '@salesforce/apex/UserSyncIAdvizeController.getStatusCounts';
import getProblemUsers from '@salesforce/apex/UserSyncIAdvizeController.getProblemUsers';
import retry from '@salesforce/apex/UserSyncIAdvizeController.retry';
import { canManageIntegrations } from 'c/userSyncPermissions';

const COUNTS = require('./data/getStatusCounts.json');
const USERS = require('./data/getProblemUsers.json');
const RETRIED = require('./data/retry.json');

jest.mock('@salesforce/apex/UserSyncIAdvizeController.getStatusCounts', () => ({ default: jest.fn() }), {
  virtual: true,
});
jest.mock('@salesforce/apex/UserSyncIAdvizeController.getProblemUsers', () => ({ default: jest.fn() }), {
  virtual: true,
});
jest.mock('@salesforce/apex/UserSyncIAdvizeController.retry', () => ({ default: jest.fn() }), {
  virtual: true,
});
jest.mock('c/userSyncPermissions', () => ({ canManageIntegrations: jest.fn(), canActivateUsers: jest.fn() }));

const flushPromises = () => new Promise((resolve) => process.nextTick(resolve));
const render = async () => {
  const element = createElement('c-user-sync-i-advize', { is: UserSyncIAdvize });
  document.body.appendChild(element);
  await flushPromises();
  return element;
};

describe('c-user-sync-i-advize', () => {
  beforeEach(() => {
    getStatusCounts.mockResolvedValue(COUNTS);
    getProblemUsers.mockResolvedValue(USERS);
    canManageIntegrations.mockReturnValue(true);
  });
  afterEach(() => {
    while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
    jest.clearAllMocks();
    jest.useRealTimers();
  });

  it('shows the users per status and the Failed and Skipped users with their messages', async () => {
    const element = await render();
    const counts = [...element.shadowRoot.querySelectorAll('.counts li')].map((li) => li.textContent);
    expect(counts).toEqual(['Queued: 0', 'Created: 12', 'Linked: 3', 'Skipped: 1', 'Failed: 2']);
    const table = element.shadowRoot.querySelector('lightning-datatable');
    expect(table.data.map((user) => user.message)).toEqual([USERS[0].message, USERS[1].message]);
    await expect(element).toBeAccessible();
  });

  it('retries the selected users and reports how many were queued', async () => {
    retry.mockResolvedValue(RETRIED);
    const element = await render();
    element.shadowRoot
      .querySelector('lightning-datatable')
      .dispatchEvent(new CustomEvent('rowselection', { detail: { selectedRows: [USERS[0]] } }));
    await flushPromises();
    element.shadowRoot.querySelector('lightning-button.retry-button').click();
    await flushPromises();
    expect(retry).toHaveBeenCalledWith({ userIds: ['005000000000011AAA'] });
    expect(element.shadowRoot.querySelector('.notice').textContent).toBe('1 of 1 users queued for iAdvize.');
    expect(getStatusCounts).toHaveBeenCalledTimes(2);
  });

  it('shows the reason of each user that could not be retried', async () => {
    retry.mockResolvedValue([
      {
        recordId: '005000000000012AAA',
        success: false,
        message: 'Only Failed users can be retried; Eli Brown is Skipped.',
      },
    ]);
    const element = await render();
    element.shadowRoot
      .querySelector('lightning-datatable')
      .dispatchEvent(new CustomEvent('rowselection', { detail: { selectedRows: [USERS[1]] } }));
    await flushPromises();
    element.shadowRoot.querySelector('lightning-button.retry-button').click();
    await flushPromises();
    expect(element.shadowRoot.querySelector('c-error-panel').errors).toEqual([
      { message: 'Only Failed users can be retried; Eli Brown is Skipped.' },
    ]);
  });

  it('shows no Retry and no checkbox to a user without Manage Integrations', async () => {
    canManageIntegrations.mockReturnValue(false);
    const element = await render();
    expect(element.shadowRoot.querySelector('lightning-button')).toBeNull();
    expect(element.shadowRoot.querySelector('lightning-datatable').hideCheckboxColumn).toBe(true);
  });

  it('refreshes while users are Queued, and stops once none is', async () => {
    jest.useFakeTimers({ doNotFake: ['nextTick'] });
    getStatusCounts.mockResolvedValue([{ status: 'Queued', count: 2 }, ...COUNTS.slice(1)]);
    await render();
    expect(getStatusCounts).toHaveBeenCalledTimes(1);

    getStatusCounts.mockResolvedValue(COUNTS);
    jest.advanceTimersByTime(POLL_INTERVAL_MS);
    await flushPromises();
    expect(getStatusCounts).toHaveBeenCalledTimes(2);

    jest.advanceTimersByTime(POLL_INTERVAL_MS * 5);
    await flushPromises();
    expect(getStatusCounts).toHaveBeenCalledTimes(2);
  });

  it('shows why the tab could not load', async () => {
    getStatusCounts.mockRejectedValue({ body: { message: 'Insufficient access' } });
    const element = await render();
    expect(element.shadowRoot.querySelector('c-error-panel').errors.body.message).toBe('Insufficient access');
  });
});
