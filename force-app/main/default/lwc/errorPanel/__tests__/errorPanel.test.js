import { createElement } from '@lwc/engine-dom';
import ErrorPanel from 'c/errorPanel';

describe('c-error-panel', () => {
  afterEach(() => {
    while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
  });

  it('shows the friendly message and each reduced message in an alert', async () => {
    const element = createElement('c-error-panel', { is: ErrorPanel });
    element.errors = [{ body: { message: 'First' } }, new Error('Second')];
    element.friendlyMessage = 'Nothing was saved.';
    document.body.appendChild(element);
    await Promise.resolve();

    const alert = element.shadowRoot.querySelector('[role="alert"]');
    expect(alert.querySelector('.friendly').textContent).toBe('Nothing was saved.');
    expect([...alert.querySelectorAll('.message')].map((p) => p.textContent)).toEqual(['First', 'Second']);
    await expect(element).toBeAccessible();
  });
});
