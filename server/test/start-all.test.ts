import { startAll } from './start-all';

const later = <T>(ms: number, value: T) => new Promise<T>((done) => setTimeout(() => done(value), ms));

describe('startAll', () => {
  it('returns every started value, in order', async () => {
    const closed: string[] = [];
    const close = async (v: string) => void closed.push(v);
    await expect(
      startAll({ start: () => later(20, 'a'), close }, { start: () => later(5, 'b'), close }),
    ).resolves.toEqual(['a', 'b']);
    expect(closed).toEqual([]);
  });

  it('waits for a slower start, closes it, then rethrows the first failure', async () => {
    const closed: string[] = [];
    const failing = {
      start: (): Promise<string> => Promise.reject(new Error('No Chromium at /nowhere')),
      close: async () => void closed.push('browser'),
    };
    const slow = { start: () => later(50, 'sandbox'), close: async (v: string) => void closed.push(v) };
    await expect(startAll(slow, failing)).rejects.toThrow('No Chromium at /nowhere');
    // The sandbox had not finished starting when the browser failed: it is closed, not left running.
    expect(closed).toEqual(['sandbox']);
  });

  it('treats a start that throws synchronously as a failure like any other', async () => {
    const closed: string[] = [];
    const throwing = {
      start: (): Promise<number> => {
        throw new Error('sync');
      },
      close: async () => void closed.push('never'),
    };
    const ok = { start: () => later(10, 1), close: async () => void closed.push('ok') };
    await expect(startAll(ok, throwing)).rejects.toThrow('sync');
    expect(closed).toEqual(['ok']);
  });
});
