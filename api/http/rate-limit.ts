/**
 * Per-client rate limits: a token bucket per client address (refilled continuously, so short
 * bursts pass and a steady flood is held to the rate). Over the limit: 429 API_RATE_LIMITED with
 * Retry-After. Buckets idle for a minute are forgotten, so the map stays small.
 */
import type { Context, MiddlewareHandler } from "hono";
import { ApiError, errorResponse } from "./errors.js";

export type RateLimitOptions = {
  /** Sustained requests per second per client. */
  perSecond: number;
  /** Requests a client may make at once before the rate applies. */
  burst: number;
  /** Who a request comes from; the socket's address by default. */
  clientOf?: (c: Context) => string;
  now?: () => number;
};

type Bucket = { tokens: number; at: number };

function socketAddress(c: Context): string {
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
  return incoming?.socket?.remoteAddress ?? "unknown";
}

export function rateLimit(options: RateLimitOptions): MiddlewareHandler {
  const now = options.now ?? Date.now;
  const clientOf = options.clientOf ?? socketAddress;
  const buckets = new Map<string, Bucket>();
  let lastSweep = now();
  return async (c, next) => {
    const t = now();
    if (t - lastSweep > 60_000) {
      for (const [k, b] of buckets) if (t - b.at > 60_000) buckets.delete(k);
      lastSweep = t;
    }
    const key = clientOf(c);
    const bucket = buckets.get(key) ?? { tokens: options.burst, at: t };
    bucket.tokens = Math.min(options.burst, bucket.tokens + ((t - bucket.at) / 1000) * options.perSecond);
    bucket.at = t;
    buckets.set(key, bucket);
    if (bucket.tokens < 1) {
      c.header("Retry-After", String(Math.max(1, Math.ceil((1 - bucket.tokens) / options.perSecond))));
      return errorResponse(c, new ApiError("API_RATE_LIMITED", `more than ${options.perSecond} requests per second from this client`, { hint: "slow down and retry after the Retry-After seconds" }));
    }
    bucket.tokens -= 1;
    await next();
  };
}
