/**
 * The settings of the hub's GraphQL endpoints in one typed object, with their defaults; the
 * hub reads them from the configuration (read-hub-graphql-settings.ts, the API_* variables).
 */
import type { Registry } from "prom-client";
import type { Logger } from "../../../core/logger.js";
import type { CorsOptions } from "./create-server.js";
import { DEFAULT_CORS } from "./create-server.js";
import { DEFAULT_HTTP_LIMITS, DEFAULT_QUERY_LIMITS, DEFAULT_RATE_LIMIT, type HttpLimits, type QueryLimits, type RateLimit } from "./limits.js";
import type { PersistedOperationsOptions } from "./persisted-operations.js";
import { DEFAULT_RESPONSE_CACHE, type ResponseCacheOptions } from "./response-cache.js";

export type HubGraphqlSettings = {
  limits: QueryLimits;
  http: HttpLimits;
  rateLimit: RateLimit | false;
  apiKeys: readonly string[];
  trustForwardedFor: boolean;
  limitLoopback: boolean;
  cors: CorsOptions;
  responseCache: Omit<ResponseCacheOptions, "answeredBlockKey">;
  persistedOperations?: PersistedOperationsOptions;
  graphiql: boolean;
  introspection: boolean;
  metrics?: Registry;
  logger?: Logger;
};

export const DEFAULT_HUB_GRAPHQL_SETTINGS: HubGraphqlSettings = {
  limits: DEFAULT_QUERY_LIMITS,
  http: DEFAULT_HTTP_LIMITS,
  rateLimit: DEFAULT_RATE_LIMIT,
  apiKeys: [],
  trustForwardedFor: false,
  limitLoopback: false,
  cors: DEFAULT_CORS,
  responseCache: DEFAULT_RESPONSE_CACHE,
  graphiql: false,
  introspection: true,
};
