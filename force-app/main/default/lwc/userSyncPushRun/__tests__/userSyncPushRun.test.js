import { createElement } from '@lwc/engine-dom';
import UserSyncPushRun from 'c/userSyncPushRun';

const PREVIEW = require('./data/preview.json');
const RUN = require('./data/run.json');

const render = async (props) => {
  const element = createElement('c-user-sync-push-run', { is: UserSyncPushRun });
  Object.assign(element, props);
  document.body.appendChild(element);
  await Promise.resolve();
  return element;
};
const texts = (element, selector) =>
  [...element.shadowRoot.querySelectorAll(selector)].map((e) => e.textContent);

describe('c-user-sync-push-run', () => {
  afterEach(() => {
    while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
  });

  it('shows an activation: its counts, message and the users not sent', async () => {
    const element = await render({ heading: 'Latest activation', run: RUN });
    expect(element.shadowRoot.querySelector('h3').textContent).toBe(
      'Latest activation: PUSH-0000002, Succeeded',
    );
    expect(texts(element, '.counts li')).toEqual([
      'In the segment: 42',
      'Inserted: 2',
      'Updated: 5',
      'Unchanged: 34',
      'Not in Zendesk: 0',
      'Failed: 1',
    ]);
    expect(texts(element, '.errors li')).toEqual(RUN.errors);
    await expect(element).toBeAccessible();
  });

  it('shows what a preview would send, user by user', async () => {
    const element = await render({ heading: 'Latest preview', run: PREVIEW });
    expect(texts(element, '.sample > li > strong')).toEqual(['Ada Lovelace']);
    expect(texts(element, '.sample ul li')).toEqual(['notes: "CTO"', 'user_fields.tier: "gold"']);
    expect(element.shadowRoot.querySelector('.sample > li').textContent).toContain('Not pushed yet');
    expect(element.shadowRoot.querySelector('.errors')).toBeNull();
  });

  it('says when there is none yet', async () => {
    const element = await render({ heading: 'Latest preview', run: null });
    expect(texts(element, '.none')).toEqual(['None yet.']);
  });
});
