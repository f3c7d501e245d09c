/**
 * The GraphQL server's settings from the hub's configuration (the API_* variables of
 * core/config/variables.ts), in the Ponder process that serves /graphql and /ponder/graphql.
 * What the configuration does not name (trusting X-Forwarded-For, limiting loopback clients,
 * API keys, the cache's size) keeps DEFAULT_HUB_GRAPHQL_SETTINGS.
 */
import { readFileSync } from "node:fs";
import { hubEnv, type HubEnv } from "../../../core/config/index.js";
import { ConfigError } from "../../../core/errors.js";
import { DEFAULT_HUB_GRAPHQL_SETTINGS, type HubGraphqlSettings } from "./hub-graphql-settings.js";
import { persistedOperationsOf, type PersistedOperationsOptions } from "./persisted-operations.js";

/** The Ponder CLI command this process runs (`dev`, `start`, `serve`), from its command line. */
export type PonderCommand = "dev" | "start" | "serve" | undefined;

const PONDER_COMMANDS = ["dev", "start", "serve", "codegen", "db"] as const;

/** The first Ponder command word on the command line; undefined outside Ponder (tests, scripts). */
export function ponderCommandOf(argv: readonly string[]): PonderCommand {
  const runsPonder = argv.slice(0, 2).some((a) => /[\\/]ponder([\\/]|$)|[\\/]bin[\\/]ponder(\.js)?$/.test(a));
  if (!runsPonder) return undefined;
  const command = argv.slice(2).find((a) => (PONDER_COMMANDS as readonly string[]).includes(a));
  return command === "dev" || command === "start" || command === "serve" ? command : undefined;
}

/**
 * Registered operations from the file API_PERSISTED_ONLY names: a JSON array of query texts.
 * Touches the filesystem; a missing or malformed file stops start-up naming the variable.
 */
export function readPersistedOperationsFile(path: string): PersistedOperationsOptions {
  let queries: unknown;
  try {
    queries = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new ConfigError(`API_PERSISTED_ONLY=${JSON.stringify(path)} is invalid: expected a readable JSON file (${(error as Error).message.split("\n")[0]})`, {
      hint: "point API_PERSISTED_ONLY at a JSON array of the GraphQL operations clients may run, or unset it",
      cause: error,
    });
  }
  if (!Array.isArray(queries) || queries.length === 0 || !queries.every((q): q is string => typeof q === "string" && q.trim().length > 0)) {
    throw new ConfigError(`API_PERSISTED_ONLY=${JSON.stringify(path)} is invalid: expected a non-empty JSON array of query texts`, {
      hint: "clients send extensions.persistedQuery.sha256Hash, the sha256 of one of these texts",
    });
  }
  return { operations: persistedOperationsOf(queries), allowArbitraryOperations: false };
}

/**
 * @example
 * readHubGraphqlSettings(readHubEnv({ API_MAX_PAGE: "200", API_INTROSPECTION: "off" }))
 * // { limits: { maxPageSize: 200, … }, introspection: false, graphiql: false, … }
 */
export function readHubGraphqlSettings(env: HubEnv = hubEnv(), command: PonderCommand = ponderCommandOf(process.argv)): HubGraphqlSettings {
  const defaults = DEFAULT_HUB_GRAPHQL_SETTINGS;
  return {
    ...defaults,
    limits: {
      ...defaults.limits,
      maxDepth: env.API_MAX_DEPTH,
      maxAliases: env.API_MAX_ALIASES,
      maxTokens: env.API_MAX_TOKENS,
      maxCost: env.API_MAX_COST,
      maxPageSize: env.API_MAX_PAGE,
    },
    http: { maxBodyBytes: env.API_MAX_BODY_BYTES, requestTimeoutMs: env.API_TIMEOUT_MS },
    rateLimit: env.API_RATE_PER_SECOND === 0 ? false : { perSecond: env.API_RATE_PER_SECOND, burst: env.API_RATE_BURST },
    cors: { ...defaults.cors, origins: env.API_CORS_ORIGINS === "*" ? "*" : env.API_CORS_ORIGINS.split(",") },
    responseCache: { ...defaults.responseCache, enabled: env.API_RESPONSE_CACHE === "on" },
    ...(env.API_PERSISTED_ONLY ? { persistedOperations: readPersistedOperationsFile(env.API_PERSISTED_ONLY) } : {}),
    // GraphiQL is a development tool: on under `ponder dev` unless turned off, and off under
    // `ponder start`/`ponder serve` (how the hub runs Ponder) unless turned on.
    graphiql: env.API_GRAPHIQL === undefined ? command === "dev" : env.API_GRAPHIQL === "on",
    introspection: env.API_INTROSPECTION === "on",
  };
}
