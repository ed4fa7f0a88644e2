/**
 * A token bucket per bearer token, in this process's memory: with several instances behind a load
 * balancer each enforces the limit on its own share of the traffic.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly perMinute: number,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Seconds to wait before the next request is allowed; 0 when this one may pass (and is counted). */
  take(key: string): number {
    return this.check(key, true);
  }

  /** Seconds to wait before `take` would pass; 0 when it would. Counts nothing. */
  peek(key: string): number {
    return this.check(key, false);
  }

  private check(key: string, count: boolean): number {
    if (this.perMinute === 0) return 0;
    const now = this.clock();
    const ratePerMs = this.perMinute / 60_000;
    const b = this.buckets.get(key) ?? { tokens: this.perMinute, at: now };
    b.tokens = Math.min(this.perMinute, b.tokens + (now - b.at) * ratePerMs);
    b.at = now;
    // A full bucket says no more than no bucket: forgetting it keeps the map to the keys that matter
    // (failed logins from many addresses must not grow it for good).
    if (b.tokens >= this.perMinute && !count) this.buckets.delete(key);
    else this.buckets.set(key, b);
    if (b.tokens >= 1) {
      if (count) b.tokens -= 1;
      return 0;
    }
    return Math.ceil((1 - b.tokens) / ratePerMs / 1000);
  }
}
