/**
 * The account-wide per-minute API limit (https://developer.zendesk.com/api-reference/introduction/rate-limits/:
 * Team 200 a minute, Growth and Professional 400, Enterprise 700, High Volume add-on 2,500). A sliding
 * log of the last minute's accepted requests, so `Retry-After` names the moment a slot frees up
 * exactly. Chosen here: refused requests do not count.
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

  /** Whole seconds until the oldest request of the window leaves it (a slot frees); 0 when empty. */
  resetSeconds(): number {
    const now = this.now();
    this.prune(now);
    return this.size() === 0 ? 0 : Math.ceil((this.hits[this.head] + 60_000 - now) / 1000);
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
