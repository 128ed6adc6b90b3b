import { createElement } from '@lwc/engine-dom';
import UserSyncRunTimes from 'c/userSyncRunTimes';

const render = async (props) => {
  const element = createElement('c-user-sync-run-times', { is: UserSyncRunTimes });
  Object.assign(element, props);
  document.body.appendChild(element);
  await Promise.resolve();
  return element;
};
const $ = (element, selector) => element.shadowRoot.querySelector(selector);

describe('c-user-sync-run-times', () => {
  afterEach(() => {
    while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
  });

  it('shows the last and next run with spaces between labels and times, and the next runs', async () => {
    const element = await render({
      lastRun: '2026-11-22T11:00:00.000Z',
      nextRun: '2026-11-22T17:00:00.000Z',
      nextRuns: '2026-11-23 02:00, 2026-11-24 02:00, 2026-11-25 02:00 (Europe/Paris)',
    });
    expect($(element, '.schedule').textContent).toMatch(/^Last run\u00a0.*\.\u00a0Next run\u00a0.*\.$/);
    expect(
      [...element.shadowRoot.querySelectorAll('lightning-formatted-date-time')].map((d) => d.value),
    ).toEqual(['2026-11-22T11:00:00.000Z', '2026-11-22T17:00:00.000Z']);
    expect($(element, '.next-runs').textContent).toBe(
      'Next runs: 2026-11-23 02:00, 2026-11-24 02:00, 2026-11-25 02:00 (Europe/Paris)',
    );
    await expect(element).toBeAccessible();
  });

  it('says what it is given before a first run, or nothing, and no next runs line when none is planned', async () => {
    const said = await render({ notRunText: 'Not run yet.' });
    expect($(said, '.schedule').textContent).toBe('Not run yet.\u00a0');
    expect($(said, '.next-runs')).toBeNull();
    const silent = await render({});
    expect($(silent, '.schedule').textContent).toBe('');
  });
});
