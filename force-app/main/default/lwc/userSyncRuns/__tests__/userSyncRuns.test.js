import { createElement } from '@lwc/engine-dom';
import UserSyncRuns from 'c/userSyncRuns';
import getRuns from '@salesforce/apex/UserSyncRunsController.getRuns';
import confirmDeactivations from '@salesforce/apex/UserSyncRunsController.confirmDeactivations';
import { canManageIntegrations } from 'c/userSyncPermissions';
import { subscribe, isEmpEnabled } from 'lightning/empApi';

const RUNS = require('./data/getRuns.json');
const HELD_ID = 'a0C000000000012AAA';

jest.mock('@salesforce/apex/UserSyncRunsController.getRuns', () => ({ default: jest.fn() }), {
  virtual: true,
});
jest.mock('@salesforce/apex/UserSyncRunsController.confirmDeactivations', () => ({ default: jest.fn() }), {
  virtual: true,
});
jest.mock('c/userSyncPermissions', () => ({ canManageIntegrations: jest.fn(), canActivateUsers: jest.fn() }));

const flushPromises = () => new Promise((resolve) => process.nextTick(resolve));
const render = async () => {
  const element = createElement('c-user-sync-runs', { is: UserSyncRuns });
  document.body.appendChild(element);
  await flushPromises();
  return element;
};
const typeCount = (element, value) => {
  const input = element.shadowRoot.querySelector(`lightning-input[data-id="${HELD_ID}"]`);
  input.value = value;
  input.dispatchEvent(new CustomEvent('change'));
};
const confirmButton = (element) => element.shadowRoot.querySelector('lightning-button.confirm-button');

describe('c-user-sync-runs', () => {
  beforeEach(() => {
    getRuns.mockResolvedValue(RUNS);
    canManageIntegrations.mockReturnValue(true);
    isEmpEnabled.mockResolvedValue(true);
    subscribe.mockResolvedValue({ id: 'sub' });
  });
  afterEach(() => {
    while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
    jest.clearAllMocks();
  });

  it('lists the runs with their details, and a confirmation only for the Held run', async () => {
    const element = await render();
    expect(getRuns).toHaveBeenCalledWith({ source: null, maxRuns: 50 });
    const titles = [...element.shadowRoot.querySelectorAll('article h2')].map((h) => h.textContent);
    expect(titles).toEqual([
      'RUN-0000013 · Intercom · Running',
      'RUN-0000012 · Zendesk · Held',
      'RUN-0000011 · Zendesk · Succeeded',
    ]);
    expect(element.shadowRoot.querySelectorAll('c-user-sync-run-details')[1].run.heldCount).toBe(12);
    expect(element.shadowRoot.querySelectorAll('lightning-button.confirm-button')).toHaveLength(1);
    expect(element.shadowRoot.querySelector(`lightning-input[data-id="${HELD_ID}"]`).label).toBe(
      'Type 12 to confirm the held deactivations',
    );
    await expect(element).toBeAccessible();
  });

  it('filters by source', async () => {
    const element = await render();
    const filter = element.shadowRoot.querySelector('lightning-combobox.source-filter');
    filter.dispatchEvent(new CustomEvent('change', { detail: { value: 'zendesk' } }));
    await flushPromises();
    expect(getRuns).toHaveBeenLastCalledWith({ source: 'zendesk', maxRuns: 50 });
  });

  it('publishes the confirmation only once the held number is typed', async () => {
    confirmDeactivations.mockResolvedValue(RUNS[1]);
    const element = await render();

    typeCount(element, '21');
    confirmButton(element).click();
    await flushPromises();
    expect(confirmDeactivations).not.toHaveBeenCalled();
    expect(element.shadowRoot.querySelector('c-error-panel').errors.message).toBe(
      'Type 12, the number of held deactivations, to confirm them.',
    );

    typeCount(element, '12');
    confirmButton(element).click();
    await flushPromises();
    expect(confirmDeactivations).toHaveBeenCalledWith({ runId: HELD_ID, typedCount: 12 });
    expect(element.shadowRoot.querySelector('.notice').textContent).toMatch(/^Confirmed/);
  });

  it('shows why a confirmation was refused', async () => {
    confirmDeactivations.mockRejectedValue({ body: { message: 'RUN-0000012 is Superseded, not Held.' } });
    const element = await render();
    typeCount(element, '12');
    confirmButton(element).click();
    await flushPromises();
    expect(element.shadowRoot.querySelector('c-error-panel').errors.body.message).toBe(
      'RUN-0000012 is Superseded, not Held.',
    );
  });

  it('shows no confirmation to a user without Manage Integrations', async () => {
    canManageIntegrations.mockReturnValue(false);
    const element = await render();
    expect(element.shadowRoot.querySelectorAll('lightning-button')).toHaveLength(0);
    expect(element.shadowRoot.querySelectorAll('article')).toHaveLength(3);
  });

  it('reloads when a run progresses, not on connection updates', async () => {
    await render();
    const onEvent = subscribe.mock.calls[0][2];
    onEvent({ data: { payload: { Source__c: 'zendesk', Kind__c: 'CONNECTION', Record_Id__c: 'a0B' } } });
    await flushPromises();
    expect(getRuns).toHaveBeenCalledTimes(1);
    onEvent({
      data: { payload: { Source__c: 'intercom', Kind__c: 'RUN', Record_Id__c: 'a0C000000000013AAA' } },
    });
    await flushPromises();
    expect(getRuns).toHaveBeenCalledTimes(2);
  });
});
