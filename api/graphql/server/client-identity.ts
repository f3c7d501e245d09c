/**
 * Who is asking: the API key a request carries (api/http/api-key.ts) and the client's address,
 * for rate limits.
 */
import { apiKeyOf } from "../../http/api-key.js";

/** Node's socket address as @hono/node-server passes it in the Hono env (Ponder serves with it). */
export function socketAddressOf(env: unknown): string | undefined {
  const incoming = (env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
  return incoming?.socket?.remoteAddress;
}

const LOOPBACK = new Set(["127.0.0.1", "::1", "::ffff:127.0.0.1"]);

/**
 * The rate limit's key: a known API key, else the address; undefined for a client on this
 * machine (the hub's own tools, benchmarks) unless `limitLoopback`. `trustForwardedFor` takes
 * the first address of X-Forwarded-For, right only behind a proxy that sets it (the proxy's
 * own loopback address then no longer exempts anyone).
 */
export function rateLimitKeyOf(request: Request, env: unknown, options: { apiKeys: ReadonlySet<string>; trustForwardedFor: boolean; limitLoopback: boolean }): string | undefined {
  const key = apiKeyOf(request.headers);
  if (key && options.apiKeys.has(key)) return `key:${key}`;
  const forwarded = options.trustForwardedFor ? request.headers.get("x-forwarded-for")?.split(",")[0]?.trim() : undefined;
  const address = forwarded || socketAddressOf(env);
  if (!forwarded && address && LOOPBACK.has(address) && !options.limitLoopback) return undefined;
  return `addr:${address || "unknown"}`;
}
