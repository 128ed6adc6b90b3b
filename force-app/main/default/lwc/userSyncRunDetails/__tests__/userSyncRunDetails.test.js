import { createElement } from '@lwc/engine-dom';
import UserSyncRunDetails from 'c/userSyncRunDetails';

const HELD_RUN = require('./data/heldRun.json');
const RUNNING_RUN = require('./data/runningRun.json');

const render = async (run) => {
  const element = createElement('c-user-sync-run-details', { is: UserSyncRunDetails });
  element.run = run;
  document.body.appendChild(element);
  await Promise.resolve();
  return element;
};
const texts = (root, selector) => [...root.querySelectorAll(selector)].map((node) => node.textContent.trim());

describe('c-user-sync-run-details', () => {
  afterEach(() => {
    while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
  });

  it('shows counts, duration, the sample with reasons, the held deactivations and readable errors', async () => {
    const element = await render(HELD_RUN);
    const root = element.shadowRoot;

    expect(root.querySelector('.status').textContent).toBe('Held');
    expect(root.querySelector('.duration').textContent).toContain('2 min 5 s');
    expect(texts(root, '.counts li')).toContain('Unchanged: 25');
    expect(texts(root, '.changes tbody tr')[0]).toContain('Created');
    expect(texts(root, '.changes tbody tr')[0]).toContain('new agent in Zendesk');
    expect(root.querySelector('.held caption').textContent).toBe(
      '12 deactivations held for your confirmation (first 2 shown)',
    );
    const held = texts(root, '.held tbody tr');
    expect(held[0]).toContain('Bob Stone');
    expect(held[1]).toContain('zendesk:10');
    expect(held[1]).toContain('suspended in Zendesk');
    expect(root.querySelector('.errors h4').textContent).toBe('Errors (2)');
    expect(texts(root, '.errors li')[0]).toBe('zendesk:5 REQUIRED_FIELD_MISSING: Name');
    await expect(element).toBeAccessible();
  });

  it('shows the progress of a running run and says when the sample could not be read', async () => {
    const element = await render(RUNNING_RUN);
    const root = element.shadowRoot;
    expect(root.querySelector('.progress').textContent).toBe('Running: 350 users listed so far');
    expect(root.querySelector('.unreadable')).not.toBeNull();
    expect(root.querySelector('.changes')).toBeNull();
    await expect(element).toBeAccessible();
  });

  it('renders nothing without a run', async () => {
    const element = await render(null);
    expect(element.shadowRoot.querySelector('.run')).toBeNull();
  });
});
