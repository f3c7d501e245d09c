/**
 * The bounds every route of the hub's app gets: a request body size limit and a per-client
 * rate limit, both answering JSON errors with a stable code.
 */
import type { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { ApiError, errorResponse } from "./errors.js";
import { rateLimit, type RateLimitOptions } from "./rate-limit.js";

export type RequestLimits = {
  maxBodyBytes: number;
  rate: Pick<RateLimitOptions, "perSecond" | "burst">;
};

export const DEFAULT_REQUEST_LIMITS: RequestLimits = { maxBodyBytes: 256 * 1024, rate: { perSecond: 50, burst: 100 } };

export function applyRequestLimits(app: Hono, limits: RequestLimits = DEFAULT_REQUEST_LIMITS): void {
  app.use("*", rateLimit(limits.rate));
  app.use(
    "*",
    bodyLimit({
      maxSize: limits.maxBodyBytes,
      // The rest of the body is not read: close the connection so a client does not reuse it.
      onError: (c) => {
        c.header("Connection", "close");
        return errorResponse(c, new ApiError("API_PAYLOAD_TOO_LARGE", `the request body is over ${limits.maxBodyBytes} bytes`, { hint: "send a smaller body" }));
      },
    }),
  );
}
