import { createElement } from '@lwc/engine-dom';
import UserSyncSources from 'c/userSyncSources';
import getSources from '@salesforce/apex/UserSyncSourcesController.getSources';
import getMatchFieldOptions from '@salesforce/apex/UserSyncSourcesController.getMatchFieldOptions';
import { canManageIntegrations } from 'c/userSyncPermissions';
import { subscribe, isEmpEnabled, unsubscribe } from 'lightning/empApi';

const SOURCES = require('./data/getSources.json');
const MATCH_FIELDS = require('./data/getMatchFieldOptions.json');

jest.mock('@salesforce/apex/UserSyncSourcesController.getSources', () => ({ default: jest.fn() }), {
  virtual: true,
});
jest.mock('@salesforce/apex/UserSyncSourcesController.getMatchFieldOptions', () => ({ default: jest.fn() }), {
  virtual: true,
});
jest.mock('c/userSyncPermissions', () => ({ canManageIntegrations: jest.fn(), canActivateUsers: jest.fn() }));

const flushPromises = () => new Promise((resolve) => process.nextTick(resolve));

const render = async () => {
  const element = createElement('c-user-sync-sources', { is: UserSyncSources });
  document.body.appendChild(element);
  await flushPromises();
  return element;
};
const cards = (element) => [...element.shadowRoot.querySelectorAll('c-user-sync-source-card')];

describe('c-user-sync-sources', () => {
  beforeEach(() => {
    getSources.mockResolvedValue(JSON.parse(JSON.stringify(SOURCES)));
    getMatchFieldOptions.mockResolvedValue(MATCH_FIELDS);
    canManageIntegrations.mockReturnValue(true);
    isEmpEnabled.mockResolvedValue(true);
    subscribe.mockResolvedValue({ id: 'sub' });
  });
  afterEach(() => {
    while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
    jest.clearAllMocks();
  });

  it('renders one card per source with the match field options', async () => {
    const element = await render();
    expect(cards(element).map((card) => card.source.source)).toEqual(['zendesk', 'intercom']);
    expect(cards(element)[0].matchFieldOptions).toEqual(MATCH_FIELDS);
    expect(cards(element)[0].canManage).toBe(true);
    await expect(element).toBeAccessible();
  });

  it('passes the missing permission down to the cards', async () => {
    canManageIntegrations.mockReturnValue(false);
    const element = await render();
    expect(cards(element).every((card) => card.canManage === false)).toBe(true);
  });

  it('reloads the sources when the companion publishes an update, and unsubscribes when removed', async () => {
    const element = await render();
    const withLink = JSON.parse(JSON.stringify(SOURCES));
    withLink[0].connection.link = 'https://companion.example.com/connect/start?sig=abc';
    getSources.mockResolvedValue(withLink);

    subscribe.mock.calls[0][2]({ data: { payload: { Source__c: 'zendesk', Kind__c: 'CONNECTION' } } });
    await flushPromises();

    expect(getSources).toHaveBeenCalledTimes(2);
    expect(cards(element)[0].source.connection.link).toBe(withLink[0].connection.link);
    document.body.removeChild(element);
    expect(unsubscribe).toHaveBeenCalled();
  });

  it('replaces a card with the source an action saved', async () => {
    const element = await render();
    const saved = { ...SOURCES[1], enabled: true };
    cards(element)[1].dispatchEvent(new CustomEvent('changed', { detail: saved }));
    await flushPromises();
    expect(cards(element)[1].source.enabled).toBe(true);
  });

  it('shows why the sources could not be loaded', async () => {
    getSources.mockRejectedValue({ body: { message: 'Insufficient privileges' } });
    const element = await render();
    expect(element.shadowRoot.querySelector('c-error-panel').errors.body.message).toBe(
      'Insufficient privileges',
    );
  });
});
