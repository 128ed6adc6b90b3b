import { createElement } from '@lwc/engine-dom';
import UserSyncPendingUsers from 'c/userSyncPendingUsers';
import getPendingUsers from '@salesforce/apex/UserSyncPendingUsersController.getPendingUsers';
import { canActivateUsers } from 'c/userSyncPermissions';
import { isEmpEnabled } from 'lightning/empApi';

const USERS = require('./data/getPendingUsers.json');

jest.mock('@salesforce/apex/UserSyncPendingUsersController.getPendingUsers', () => ({ default: jest.fn() }), {
  virtual: true,
});
jest.mock('c/userSyncPermissions', () => ({ canManageIntegrations: jest.fn(), canActivateUsers: jest.fn() }));

const flushPromises = () => new Promise((resolve) => process.nextTick(resolve));
const render = async () => {
  const element = createElement('c-user-sync-pending-users', { is: UserSyncPendingUsers });
  document.body.appendChild(element);
  await flushPromises();
  return element;
};
const table = (element) => element.shadowRoot.querySelector('lightning-datatable');
const select = async (element, rows) => {
  table(element).dispatchEvent(new CustomEvent('rowselection', { detail: { selectedRows: rows } }));
  await flushPromises();
};
const button = (element, label) =>
  [...element.shadowRoot.querySelectorAll('lightning-button')].find((b) => b.label === label);

describe('c-user-sync-pending-users', () => {
  beforeEach(() => {
    getPendingUsers.mockResolvedValue(USERS);
    canActivateUsers.mockReturnValue(true);
    isEmpEnabled.mockResolvedValue(false);
  });
  afterEach(() => {
    while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
    jest.clearAllMocks();
    jest.useRealTimers();
  });

  it('lists Pending rows with the suggested user and the state of the last activation', async () => {
    const element = await render();
    expect(getPendingUsers).toHaveBeenCalledWith({ source: null, status: 'Pending' });
    const data = table(element).data;
    expect(data).toHaveLength(3);
    expect(data[0].suggestedUserName).toBe('Ann Lee (Salesforce)');
    expect(data[1].activation).toMatch(/^DUPLICATE_USERNAME/);
    expect(table(element).maxRowSelection).toBe(200);
    expect(table(element).hideCheckboxColumn).toBe(false);
    expect(button(element, 'Link to existing users').disabled).toBe(true);
    await expect(element).toBeAccessible();
  });

  it('filters by source and status', async () => {
    const element = await render();
    const [sourceFilter, statusFilter] = element.shadowRoot.querySelectorAll('lightning-combobox');
    sourceFilter.dispatchEvent(new CustomEvent('change', { detail: { value: 'intercom' } }));
    await flushPromises();
    expect(getPendingUsers).toHaveBeenLastCalledWith({ source: 'intercom', status: 'Pending' });
    statusFilter.dispatchEvent(new CustomEvent('change', { detail: { value: '' } }));
    await flushPromises();
    expect(getPendingUsers).toHaveBeenLastCalledWith({ source: 'intercom', status: null });
  });

  it('shows no action and no checkbox to a user without Activate Users', async () => {
    canActivateUsers.mockReturnValue(false);
    const element = await render();
    expect(element.shadowRoot.querySelectorAll('lightning-button')).toHaveLength(0);
    expect(table(element).hideCheckboxColumn).toBe(true);
  });

  it('opens the link form for the selected rows and shows each row result afterwards', async () => {
    jest.useFakeTimers({ doNotFake: ['nextTick'] });
    const element = await render();
    await select(element, USERS.slice(0, 2));
    expect(element.shadowRoot.querySelector('.selection').textContent).toBe('2 selected (at most 200)');
    button(element, 'Link to existing users').click();
    await flushPromises();
    const form = element.shadowRoot.querySelector('c-user-sync-link-users');
    expect(form.rows.map((row) => row.id)).toEqual([USERS[0].id, USERS[1].id]);

    const linked = [{ ...USERS[0], status: 'Active' }, USERS[1], USERS[2]];
    getPendingUsers.mockResolvedValue(linked);
    form.dispatchEvent(
      new CustomEvent('done', {
        detail: [
          { recordId: USERS[0].id, success: true, message: 'Linked to the chosen Salesforce user.' },
          { recordId: USERS[1].id, success: false, message: 'Bob Old is an inactive Salesforce user.' },
        ],
      }),
    );
    await flushPromises();
    expect(element.shadowRoot.querySelector('c-user-sync-link-users')).toBeNull();
    expect(table(element).data[1].activation).toBe('Bob Old is an inactive Salesforce user.');
    expect(getPendingUsers).toHaveBeenCalledTimes(2);

    // Rows linked by the Queueable are picked up by bounded polling.
    jest.advanceTimersByTime(3000);
    await flushPromises();
    expect(getPendingUsers).toHaveBeenCalledTimes(3);
  });

  it('opens the create form for the selected rows', async () => {
    const element = await render();
    await select(element, [USERS[2]]);
    button(element, 'Create Salesforce users').click();
    await flushPromises();
    expect(element.shadowRoot.querySelector('c-user-sync-create-users').rows).toEqual([USERS[2]]);
    element.shadowRoot.querySelector('c-user-sync-create-users').dispatchEvent(new CustomEvent('cancel'));
    await flushPromises();
    expect(element.shadowRoot.querySelector('c-user-sync-create-users')).toBeNull();
  });

  it('shows why the directory could not be loaded', async () => {
    getPendingUsers.mockRejectedValue({ body: { message: 'Unknown status "Gone".' } });
    const element = await render();
    expect(element.shadowRoot.querySelector('c-error-panel').errors.body.message).toBe(
      'Unknown status "Gone".',
    );
  });
});
