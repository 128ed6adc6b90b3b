export interface BatchWriterOptions<T, F> {
  /** Items per call (200 for sObject Collections). */
  size: number;
  /** Calls in flight at once: writing overlaps with whatever produces the items. */
  maxInFlight: number;
  /** One call; resolves with the per-item failures, throws when the whole call failed. */
  write: (batch: T[]) => Promise<F[]>;
}

/**
 * Gathers items into full batches and writes them in the background, at most `maxInFlight` at once:
 * `add` waits only when that many calls are pending. A call that throws fails the writer: the next
 * `add` or `drain` rethrows it, and nothing more is sent.
 */
export class BatchWriter<T, F> {
  private buffer: T[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private readonly failures: F[] = [];
  private failure: { error: unknown } | undefined;
  /** Items handed to `write` so far, failed ones included. */
  sent = 0;
  calls = 0;

  constructor(private readonly options: BatchWriterOptions<T, F>) {}

  async add(items: Iterable<T>): Promise<void> {
    for (const item of items) this.buffer.push(item);
    while (this.buffer.length >= this.options.size)
      await this.launch(this.buffer.splice(0, this.options.size));
  }

  /** Writes what is buffered, waits for every call, and returns the per-item failures so far. */
  async drain(): Promise<F[]> {
    if (this.buffer.length > 0) await this.launch(this.buffer.splice(0));
    await this.settle();
    this.rethrow();
    return this.failures.splice(0);
  }

  /** Waits for the calls in flight, whatever their outcome (before giving up on a failed run). */
  async settle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  private rethrow(): void {
    if (this.failure) throw this.failure.error;
  }

  private async launch(batch: T[]): Promise<void> {
    this.rethrow();
    while (this.inFlight.size >= this.options.maxInFlight) await Promise.race(this.inFlight);
    this.rethrow();
    this.sent += batch.length;
    this.calls += 1;
    const call: Promise<void> = this.options
      .write(batch)
      .then(
        (failed) => void this.failures.push(...failed),
        (error: unknown) => void (this.failure ??= { error }),
      )
      .finally(() => this.inFlight.delete(call));
    this.inFlight.add(call);
  }
}
