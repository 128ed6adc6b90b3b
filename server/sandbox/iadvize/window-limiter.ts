/**
 * A sliding one-window-per-key counter, used for the login limits and the optional API rate limit.
 * Sliding (a log of timestamps) rather than fixed buckets so that Retry-After is exact: it names the
 * moment enough old hits leave the window for one more to fit.
 */
export class WindowLimiter {
  private readonly hits = new Map<string, number[]>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number,
    /** Whether refused attempts count too (they do for logins: hammering prolongs the block). */
    private readonly countRefused = false,
  ) {}

  /** Records a hit for `key`: undefined when allowed, otherwise the ms until a hit would be allowed. */
  take(key: string): number | undefined {
    const now = this.now();
    const log = (this.hits.get(key) ?? []).filter((t) => t > now - this.windowMs);
    this.hits.set(key, log);
    if (log.length < this.limit) {
      log.push(now);
      return undefined;
    }
    // The hit at index (length - limit) must leave the window before the count drops below limit.
    const waitMs = Math.max(1, log[log.length - this.limit] + this.windowMs - now);
    if (this.countRefused) log.push(now);
    return waitMs;
  }

  reset(): void {
    this.hits.clear();
  }
}
