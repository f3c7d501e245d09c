/**
 * The bounds every route of the hub's app gets: a request body size limit and a per-client
 * rate limit, both answering JSON errors with a stable code.
 */
import type { Hono, MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { drainBody } from "./drain-body.js";
import { ApiError, errorResponse } from "./errors.js";
import { rateLimit, type RateLimitOptions } from "./rate-limit.js";

export type RequestLimits = {
  maxBodyBytes: number;
  rate: Pick<RateLimitOptions, "perSecond" | "burst">;
};

export const DEFAULT_REQUEST_LIMITS: RequestLimits = { maxBodyBytes: 256 * 1024, rate: { perSecond: 50, burst: 100 } };

/**
 * `except`: path prefixes that bound themselves (the GraphQL endpoints have their own body cap and
 * rate limit, answering in GraphQL's error format), so a request is not limited twice.
 */
export function applyRequestLimits(app: Hono, limits: RequestLimits = DEFAULT_REQUEST_LIMITS, except: readonly string[] = []): void {
  const exempt = (path: string) => except.some((prefix) => path === prefix || path.startsWith(`${prefix}/`));
  const limited = (middleware: MiddlewareHandler): MiddlewareHandler => (c, next) => (exempt(c.req.path) ? next() : middleware(c, next));
  app.use("*", limited(rateLimit(limits.rate)));
  app.use(
    "*",
    limited(bodyLimit({
      maxSize: limits.maxBodyBytes,
      // The rest of the body is read and thrown away (bounded, drain-body.ts)
      // so the client can read the 413 rather than a reset; the connection is then closed.
      onError: async (c) => {
        const body = c.req.raw.body;
        if (body && !body.locked) await drainBody(body.getReader());
        c.header("Connection", "close");
        return errorResponse(c, new ApiError("API_PAYLOAD_TOO_LARGE", `the request body is over ${limits.maxBodyBytes} bytes`, { hint: "send a smaller body" }));
      },
    })),
  );
}
