/**
 * What every GraphQL endpoint does before its engine sees a request, and around it: the rate
 * limit, the body cap, and the per-request timeout (the request's signal aborts execution,
 * the client gets TIMEOUT). Shared by /graphql (yoga) and /ponder/graphql (Ponder's yoga).
 */
import type { Context } from "hono";
import type { Logger } from "../../../core/logger.js";
import { rateLimitKeyOf } from "./client-identity.js";
import { ApiRequestError } from "./error-codes.js";
import { graphqlErrorResponse } from "./graphql-error-response.js";
import { INTERNAL_ERROR_MESSAGE } from "./mask-error.js";
import type { HttpLimits } from "./limits.js";
import type { ApiMetrics } from "./metrics.js";
import type { TokenBucketRateLimiter } from "./rate-limit.js";
import { readBodyCapped, withBody } from "./request-body.js";

export type HttpGuardParameters = {
  /** Label for metrics and logs ("graphql", "ponder"). */
  endpoint: string;
  http: HttpLimits;
  rateLimiter: TokenBucketRateLimiter | undefined;
  apiKeys: ReadonlySet<string>;
  trustForwardedFor: boolean;
  /** Rate-limit clients on this machine too (off: the hub's tools and benchmarks run here). */
  limitLoopback: boolean;
  metrics: ApiMetrics | undefined;
  logger: Logger;
};

/** The engine behind the guard: a request whose body is read (and capped) and whose signal times out. */
export type GuardedHandler = (request: Request, body: Uint8Array | undefined, c: Context) => Promise<Response>;

export function guardGraphqlEndpoint(parameters: HttpGuardParameters, handle: GuardedHandler): (c: Context) => Promise<Response> {
  const { endpoint, http, rateLimiter, metrics } = parameters;
  const refuse = (error: ApiRequestError, request: Request, headers?: Record<string, string>) => {
    metrics?.countError(endpoint, error.code);
    return graphqlErrorResponse(error, request, headers);
  };
  return async (c) => {
    const raw = c.req.raw;
    if (raw.method === "OPTIONS") return new Response(null, { status: 204 });
    const client = rateLimiter && rateLimitKeyOf(raw, c.env, parameters);
    if (rateLimiter && client) {
      const decision = rateLimiter.take(client);
      if (!decision.allowed) {
        const error = new ApiRequestError("RATE_LIMITED", "too many requests from this client", { hint: `retry after ${decision.retryAfterSeconds} s, or ask for an API key with a higher limit` });
        return refuse(error, raw, { "retry-after": String(decision.retryAfterSeconds) });
      }
    }
    let body: Uint8Array | undefined;
    try {
      body = await readBodyCapped(raw, http.maxBodyBytes);
    } catch (error) {
      if (error instanceof ApiRequestError) return refuse(error, raw);
      throw error;
    }
    const timeout = new AbortController();
    const signals = [timeout.signal, raw.signal].filter((s): s is AbortSignal => s !== undefined);
    const request = withBody(raw, body, AbortSignal.any(signals));
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<"timeout">((resolve) => {
      timer = setTimeout(() => resolve("timeout"), http.requestTimeoutMs);
    });
    try {
      const answer = await Promise.race([handle(request, body, c), timedOut]);
      if (answer !== "timeout") {
        // An engine's own last-resort answer (a plain-text 500 with the exception's message)
        // never reaches the client: it gets INTERNAL, the log gets the text.
        if (answer.status >= 500 && !/json/.test(answer.headers.get("content-type") ?? "")) {
          parameters.logger.error({ endpoint, status: answer.status, body: (await answer.text()).slice(0, 2_000) }, "a GraphQL engine failed outside execution");
          return refuse(new ApiRequestError("INTERNAL", INTERNAL_ERROR_MESSAGE), raw);
        }
        return answer;
      }
      timeout.abort(new ApiRequestError("TIMEOUT", "request timed out"));
      parameters.logger.warn({ endpoint, timeoutMs: http.requestTimeoutMs }, "a GraphQL request ran past its time limit");
      return refuse(new ApiRequestError("TIMEOUT", `the request took longer than ${http.requestTimeoutMs} ms`, { hint: "ask for less (fewer rows, fewer levels) or retry later" }), raw);
    } catch (error) {
      if (error instanceof ApiRequestError) return refuse(error, raw);
      parameters.logger.error({ err: error, endpoint }, "a GraphQL request failed outside execution");
      return refuse(new ApiRequestError("INTERNAL", INTERNAL_ERROR_MESSAGE), raw);
    } finally {
      clearTimeout(timer);
    }
  };
}
