/**
 * The provenance API's HTTP server: graphql-yoga over the Pothos schema, behind the HTTP guard
 * (rate limit, body cap, timeout) and CORS, with the query limits, error masking, the response
 * cache, persisted operations and metrics as yoga plugins. The composition root mounts `app`.
 *
 * @example
 * const server = createProvenanceServer({ schema: buildProvenanceSchema(), context: createContextFactory(deps) });
 * hub.route("/", server.app); // serves /graphql
 */
import type { GraphQLSchema } from "graphql";
import { createYoga, useExecutionCancellation, type Plugin, type YogaServerInstance } from "graphql-yoga";
import { Hono } from "hono";
import { cors } from "hono/cors";
import type { Registry } from "prom-client";
import { silentLogger, type Logger } from "../../../core/logger.js";
import { apiKeyOf } from "../../http/api-key.js";
import { guardGraphqlEndpoint } from "./http-guard.js";
import { disableIntrospectionPlugin } from "./introspection.js";
import { DEFAULT_HTTP_LIMITS, DEFAULT_QUERY_LIMITS, DEFAULT_RATE_LIMIT, type HttpLimits, type QueryLimits, type RateLimit } from "./limits.js";
import { createMaskError } from "./mask-error.js";
import { ApiMetrics, metricsPlugin } from "./metrics.js";
import { persistedOperationsPlugin, type PersistedOperationsOptions } from "./persisted-operations.js";
import { queryLimitPlugins } from "./query-limits.js";
import { TokenBucketRateLimiter } from "./rate-limit.js";
import { createResponseCache, DEFAULT_RESPONSE_CACHE, type ResponseCacheOptions } from "./response-cache.js";

export type CorsOptions = { origins: "*" | readonly string[]; maxAgeSeconds?: number };

/** What the server adds to every request's context, beside the schema's own context. */
export type ServerContext = {
  /** The request carried one of the configured API keys (mutations that enqueue work need it). */
  apiKeyAccepted: boolean;
};

export type CreateProvenanceServerParameters<TContext extends object> = {
  schema: GraphQLSchema;
  /** The schema's per-request context (its loaders, its database). */
  context: (request: { headers: Headers }) => Promise<TContext>;
  /** Route path served; yoga's graphqlEndpoint. */
  path?: string;
  limits?: Partial<QueryLimits>;
  http?: Partial<HttpLimits>;
  /** Per-client token bucket; false turns it off. */
  rateLimit?: RateLimit | false;
  apiKeys?: readonly string[];
  /** Key the rate limit by X-Forwarded-For's first address (only behind a proxy that sets it). */
  trustForwardedFor?: boolean;
  /** Rate-limit loopback clients too; off by default (the hub's tools and benchmarks). */
  limitLoopback?: boolean;
  cors?: CorsOptions;
  responseCache?: Partial<ResponseCacheOptions>;
  persistedOperations?: PersistedOperationsOptions;
  /** GraphiQL on GET with Accept: text/html. Development only. */
  graphiql?: boolean;
  introspection?: boolean;
  /** The hub's metrics registry; no metrics when absent. */
  metrics?: Registry | ApiMetrics;
  logger?: Logger;
  /** The schema's own yoga plugins (e.g. the answered block in every response). */
  plugins?: Plugin[];
};

export type ProvenanceServer<TContext extends object> = {
  app: Hono;
  yoga: YogaServerInstance<Record<string, never>, TContext & ServerContext>;
  /** Drops every cached response (a reorg learned of out of band). */
  invalidateResponseCache(): void;
  metrics: ApiMetrics | undefined;
};

export const DEFAULT_CORS: CorsOptions = { origins: "*", maxAgeSeconds: 600 };

export function createProvenanceServer<TContext extends object>(parameters: CreateProvenanceServerParameters<TContext>): ProvenanceServer<TContext> {
  const path = parameters.path ?? "/graphql";
  const limits: QueryLimits = { ...DEFAULT_QUERY_LIMITS, ...parameters.limits };
  const http: HttpLimits = { ...DEFAULT_HTTP_LIMITS, ...parameters.http };
  const logger = parameters.logger ?? silentLogger;
  const apiKeys = new Set(parameters.apiKeys ?? []);
  const metrics = parameters.metrics instanceof ApiMetrics ? parameters.metrics : parameters.metrics ? new ApiMetrics(parameters.metrics) : undefined;
  const responseCache = createResponseCache({ ...DEFAULT_RESPONSE_CACHE, ...parameters.responseCache });
  const plugins: Plugin[] = [
    // The guard's timeout aborts the request's signal; this hands it to execution, so
    // resolvers still pending stop being called.
    useExecutionCancellation(),
    ...(metrics ? [metricsPlugin(metrics, "graphql")] : []),
    ...(parameters.introspection === false ? [disableIntrospectionPlugin()] : []),
    ...(parameters.persistedOperations ? [persistedOperationsPlugin(parameters.persistedOperations)] : []),
    ...queryLimitPlugins(limits),
    ...(parameters.plugins ?? []),
    ...(responseCache.plugin ? [responseCache.plugin] : []),
  ];
  const yoga = createYoga<Record<string, never>, TContext & ServerContext>({
    schema: parameters.schema,
    graphqlEndpoint: path,
    context: async ({ request }) => {
      const key = apiKeyOf(request.headers);
      return { ...(await parameters.context({ headers: request.headers })), apiKeyAccepted: key !== undefined && apiKeys.has(key) } as TContext & ServerContext;
    },
    maskedErrors: { maskError: createMaskError(logger) },
    graphiql: parameters.graphiql ?? false,
    landingPage: false,
    logging: false,
    cors: false,
    batching: false,
    plugins,
  });
  const corsOptions = parameters.cors ?? DEFAULT_CORS;
  const app = new Hono();
  app.use(
    path,
    cors({
      origin: corsOptions.origins === "*" ? "*" : [...corsOptions.origins],
      allowMethods: ["GET", "POST", "OPTIONS"],
      allowHeaders: ["content-type", "accept", "authorization", "x-api-key"],
      exposeHeaders: ["retry-after"],
      maxAge: corsOptions.maxAgeSeconds ?? 600,
    }),
  );
  const guard = guardGraphqlEndpoint(
    {
      endpoint: "graphql",
      http,
      rateLimiter: parameters.rateLimit === false ? undefined : new TokenBucketRateLimiter(parameters.rateLimit ?? DEFAULT_RATE_LIMIT),
      apiKeys,
      trustForwardedFor: parameters.trustForwardedFor ?? false,
      limitLoopback: parameters.limitLoopback ?? false,
      metrics,
      logger,
    },
    async (request) => yoga.fetch(request),
  );
  app.on(["GET", "POST", "OPTIONS"], path, guard);
  return { app, yoga, invalidateResponseCache: responseCache.invalidate, metrics };
}
