/** /ponder/graphql: Ponder's generated API behind the guard, with the hub's settings. */
import type { Hono, MiddlewareHandler } from "hono";
import { silentLogger } from "../../../core/logger.js";
import type { HubGraphqlSettings } from "./hub-graphql-settings.js";
import { ApiMetrics } from "./metrics.js";
import { guardPonderGraphql } from "./ponder-guard.js";
import { TokenBucketRateLimiter } from "./rate-limit.js";

export function ponderGraphqlEndpoint(ponder: MiddlewareHandler, settings: HubGraphqlSettings, metrics?: ApiMetrics): Hono {
  return guardPonderGraphql({
    ponder,
    limits: settings.limits,
    http: settings.http,
    rateLimiter: settings.rateLimit === false ? undefined : new TokenBucketRateLimiter(settings.rateLimit),
    apiKeys: new Set(settings.apiKeys),
    trustForwardedFor: settings.trustForwardedFor,
    limitLoopback: settings.limitLoopback,
    metrics: metrics ?? (settings.metrics ? new ApiMetrics(settings.metrics) : undefined),
    logger: settings.logger ?? silentLogger,
    graphiql: settings.graphiql,
  });
}
