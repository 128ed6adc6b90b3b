import { within } from './within';

describe('within', () => {
  it('is true for work that settles in time, resolved or rejected', async () => {
    expect(await within(Promise.resolve(1), 100)).toBe(true);
    expect(await within(Promise.reject(new Error('x')), 100)).toBe(true);
  });
  it('is false once the time is up, without waiting for the work', async () => {
    const started = Date.now();
    expect(await within(new Promise(() => undefined), 50)).toBe(false);
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
