import { BatchWriter } from './batch-writer';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('BatchWriter', () => {
  it('writes full batches as items arrive and the rest on drain, returning per-item failures', async () => {
    const batches: number[][] = [];
    const writer = new BatchWriter<number, string>({
      size: 3,
      maxInFlight: 2,
      write: async (batch) => {
        batches.push(batch);
        return batch.filter((n) => n % 4 === 0).map((n) => `bad ${n}`);
      },
    });
    await writer.add([1, 2]);
    expect(batches).toEqual([]);
    await writer.add([3, 4, 5, 6, 7]);
    expect(batches).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(await writer.drain()).toEqual(['bad 4']);
    expect(batches[2]).toEqual([7]);
    expect({ sent: writer.sent, calls: writer.calls }).toEqual({ sent: 7, calls: 3 });
  });

  it('keeps at most maxInFlight calls pending: add waits for one to finish', async () => {
    const gates = [deferred(), deferred(), deferred()];
    let started = 0;
    const writer = new BatchWriter<number, never>({
      size: 1,
      maxInFlight: 2,
      write: async () => {
        await gates[started++].promise;
        return [];
      },
    });
    await writer.add([1, 2]);
    let third = false;
    const adding = writer.add([3]).then(() => (third = true));
    await new Promise((r) => setImmediate(r));
    expect({ started, third }).toEqual({ started: 2, third: false });
    gates[0].resolve();
    await adding;
    expect(started).toBe(3);
    gates[1].resolve();
    gates[2].resolve();
    await writer.drain();
  });

  it('fails the writer when a call throws: the next add or drain rethrows and nothing more is sent', async () => {
    let calls = 0;
    const writer = new BatchWriter<number, never>({
      size: 1,
      maxInFlight: 1,
      write: async () => {
        calls += 1;
        throw new Error('Salesforce is down');
      },
    });
    await writer.add([1]);
    await expect(writer.add([2])).rejects.toThrow('Salesforce is down');
    await expect(writer.drain()).rejects.toThrow('Salesforce is down');
    expect(calls).toBe(1);
  });
});
