/**
 * The account-wide per-minute API limit (reference §1.9: Enterprise 700/min, Team 200, ...). A sliding
 * log of the last minute's accepted requests, so `Retry-After` names the moment a slot frees up
 * exactly. Refused requests do not count ([inferred]).
 */
export class MinuteLimiter {
  private readonly hits: number[] = [];
  private head = 0;

  constructor(
    readonly limit: number,
    private readonly now: () => number,
  ) {}

  /** Records a request: undefined when allowed, otherwise the ms until one would be. */
  take(): number | undefined {
    const now = this.now();
    this.prune(now);
    if (this.size() < this.limit) {
      this.hits.push(now);
      return undefined;
    }
    return Math.max(1, this.hits[this.hits.length - this.limit] + 60_000 - now);
  }

  remaining(): number {
    this.prune(this.now());
    return Math.max(0, this.limit - this.size());
  }

  private size(): number {
    return this.hits.length - this.head;
  }

  private prune(now: number): void {
    while (this.head < this.hits.length && this.hits[this.head] <= now - 60_000) this.head++;
    // Compact now and then so the log does not grow for ever.
    if (this.head > 1024 && this.head * 2 > this.hits.length) {
      this.hits.splice(0, this.head);
      this.head = 0;
    }
  }
}
