/**
 * A token bucket: `perMinute` fetches, refilled continuously, full at start. Spent only by tokens
 * whose `kid` is not in the key set, so a flood of made-up `kid`s exhausts this budget and no other.
 */
export class UnknownKidFetchBudget {
  private available: number;
  private updatedAt: number;

  constructor(
    private readonly perMinute: number,
    now = Date.now(),
  ) {
    this.available = perMinute;
    this.updatedAt = now;
  }

  /** Spends one fetch if there is one; false when the budget is exhausted for now. */
  take(now = Date.now()): boolean {
    const elapsed = Math.max(0, now - this.updatedAt);
    this.available = Math.min(this.perMinute, this.available + (elapsed * this.perMinute) / 60_000);
    this.updatedAt = now;
    if (this.available < 1) return false;
    this.available -= 1;
    return true;
  }
}
