/**
 * Iterates `source` up to `depth` items ahead of the consumer, so a slow step between items (a
 * write, a lookup) and the next fetch overlap instead of adding up. An error of the source reaches
 * the consumer after the items read before it; stopping early stops the source.
 */
export async function* readAhead<T>(source: AsyncIterable<T>, depth: number): AsyncGenerator<T> {
  const buffered: T[] = [];
  let finished = false;
  let failure: { error: unknown } | undefined;
  let stopped = false;
  let wakeConsumer: (() => void) | undefined;
  let wakeProducer: (() => void) | undefined;
  const wake = (which: 'consumer' | 'producer') => {
    const fn = which === 'consumer' ? wakeConsumer : wakeProducer;
    if (which === 'consumer') wakeConsumer = undefined;
    else wakeProducer = undefined;
    fn?.();
  };

  const pump = (async () => {
    try {
      for await (const item of source) {
        buffered.push(item);
        wake('consumer');
        while (buffered.length >= depth && !stopped) await new Promise<void>((r) => (wakeProducer = r));
        if (stopped) return;
      }
    } catch (error) {
      failure = { error };
    } finally {
      finished = true;
      wake('consumer');
    }
  })();

  try {
    for (;;) {
      if (buffered.length > 0) {
        const item = buffered.shift() as T;
        wake('producer');
        yield item;
        continue;
      }
      if (finished) {
        if (failure) throw failure.error;
        return;
      }
      await new Promise<void>((r) => (wakeConsumer = r));
    }
  } finally {
    stopped = true;
    wake('producer');
    await pump;
  }
}
