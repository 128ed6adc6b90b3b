import { readAhead } from './read-ahead';

const tick = () => new Promise((r) => setImmediate(r));

async function* counting(n: number, log: string[], failAt?: number) {
  for (let i = 1; i <= n; i++) {
    await tick();
    if (i === failAt) throw new Error(`page ${i} failed`);
    log.push(`read ${i}`);
    yield i;
  }
}

describe('readAhead', () => {
  it('yields every item in order', async () => {
    const out: number[] = [];
    for await (const n of readAhead(counting(7, []), 3)) out.push(n);
    expect(out).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('reads ahead while the consumer is busy, never more than depth items', async () => {
    const log: string[] = [];
    for await (const n of readAhead(counting(10, log), 3)) {
      log.push(`use ${n}`);
      if (n === 1) for (let i = 0; i < 20; i++) await tick();
    }
    // While item 1 was in use, the source went on until depth items were buffered, and no further.
    const before = log.slice(0, log.indexOf('use 2'));
    expect(before.filter((l) => l.startsWith('read'))).toEqual(['read 1', 'read 2', 'read 3', 'read 4']);
    expect(log.filter((l) => l.startsWith('use'))).toHaveLength(10);
  });

  it('delivers the items read before an error, then the error', async () => {
    const out: number[] = [];
    await expect(
      (async () => {
        for await (const n of readAhead(counting(10, [], 4), 2)) out.push(n);
      })(),
    ).rejects.toThrow('page 4 failed');
    expect(out).toEqual([1, 2, 3]);
  });

  it('stops the source when the consumer stops early', async () => {
    const log: string[] = [];
    let closed = false;
    async function* source() {
      try {
        yield* counting(100, log);
      } finally {
        closed = true;
      }
    }
    for await (const n of readAhead(source(), 2)) if (n === 2) break;
    expect(closed).toBe(true);
    expect(log.length).toBeLessThanOrEqual(5);
  });
});
