/**
 * The HTTP app's settings, taken from the hub's configuration in the Ponder process that serves
 * it (the hub passes the variables in its environment).
 */
import { hubEnv, type HubEnv } from "../../core/config/index.js";
import type { RequestLimits } from "./limits.js";
import { DEFAULT_SQL_CLIENT, type SqlClientSettings } from "./sql-guard.js";

export type HttpSettings = { limits: RequestLimits; sql: SqlClientSettings; embedded: boolean };

export function readHttpSettings(env: HubEnv = hubEnv()): HttpSettings {
  return {
    limits: { maxBodyBytes: env.HUB_MAX_BODY_BYTES, rate: { perSecond: env.HUB_RATE_PER_SECOND, burst: env.HUB_RATE_BURST } },
    sql: { mode: env.HUB_SQL ?? DEFAULT_SQL_CLIENT.mode, apiKey: env.HUB_SQL_API_KEY, timeoutMs: env.HUB_SQL_TIMEOUT_MS },
    // Ponder gets DATABASE_URL only for a Postgres server (hub/ponder-process.ts); else PGlite.
    embedded: !env.DATABASE_URL,
  };
}
