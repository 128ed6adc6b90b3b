/**
 * Keeps this process's logins under a per-minute budget. iAdvize allows 10 logins per minute per user
 * and blocks token generation for a while when that is exceeded; the budget is set
 * below 10 so another instance or an admin logging in by hand does not tip the account over.
 */
export class LoginThrottle {
  private readonly starts: number[] = [];

  constructor(
    private readonly maxPerWindow: number,
    private readonly windowMs: number,
    private readonly now: () => number,
    private readonly sleep: (ms: number) => Promise<void>,
  ) {
    if (!(Number.isInteger(maxPerWindow) && maxPerWindow >= 1))
      throw new Error(`maxPerWindow must be a positive integer, got ${maxPerWindow}`);
  }

  /** How long until one more login fits in the window (0: now). */
  waitMs(): number {
    const now = this.now();
    while (this.starts.length > 0 && this.starts[0] <= now - this.windowMs) this.starts.shift();
    if (this.starts.length < this.maxPerWindow) return 0;
    return this.starts[this.starts.length - this.maxPerWindow] + this.windowMs - now;
  }

  /** Waits for a slot, then takes it. Only the single in-flight login calls this, so no race. */
  async acquire(): Promise<void> {
    for (let wait = this.waitMs(); wait > 0; wait = this.waitMs()) await this.sleep(wait);
    this.starts.push(this.now());
  }
}
