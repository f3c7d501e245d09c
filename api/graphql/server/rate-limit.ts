/**
 * A token bucket per client: a request takes one token, tokens come back at `perSecond` up to
 * `burst`. Clients are told apart by their API key when they send a known one, else by address.
 * Full buckets are forgotten, so the map holds only clients seen in the last few seconds.
 */
import type { RateLimit } from "./limits.js";

type Bucket = { tokens: number; updatedMs: number };

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export class TokenBucketRateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private lastSweepMs = 0;

  constructor(
    private readonly limit: RateLimit,
    private readonly nowMs: () => number = () => performance.now(),
  ) {}

  take(client: string): RateDecision {
    const now = this.nowMs();
    this.sweep(now);
    const bucket = this.buckets.get(client) ?? { tokens: this.limit.burst, updatedMs: now };
    bucket.tokens = Math.min(this.limit.burst, bucket.tokens + ((now - bucket.updatedMs) / 1000) * this.limit.perSecond);
    bucket.updatedMs = now;
    this.buckets.set(client, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true };
    }
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / this.limit.perSecond)) };
  }

  /** Drops buckets that have refilled: they behave exactly like a new one. */
  private sweep(now: number): void {
    const fullAfterMs = (this.limit.burst / this.limit.perSecond) * 1000;
    if (now - this.lastSweepMs < Math.min(fullAfterMs, 10_000)) return;
    this.lastSweepMs = now;
    for (const [client, bucket] of this.buckets) if (now - bucket.updatedMs >= fullAfterMs) this.buckets.delete(client);
  }
}
