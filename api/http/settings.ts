/**
 * The HTTP app's settings, read in the Ponder process that serves it (the hub passes them in
 * its environment). The one place these variables are read, for the configuration module to
 * take over.
 */
import { DEFAULT_REQUEST_LIMITS, type RequestLimits } from "./limits.js";
import { DEFAULT_SQL_CLIENT, type SqlClientSettings } from "./sql-guard.js";

export type HttpSettings = { limits: RequestLimits; sql: SqlClientSettings; embedded: boolean };

const num = (raw: string | undefined, fallback: number) => (raw && Number.isFinite(Number(raw)) && Number(raw) > 0 ? Number(raw) : fallback);

export function readHttpSettings(env: NodeJS.ProcessEnv = process.env): HttpSettings {
  const mode = env.HUB_SQL === "on" || env.HUB_SQL === "off" ? env.HUB_SQL : DEFAULT_SQL_CLIENT.mode;
  return {
    limits: {
      maxBodyBytes: num(env.HUB_MAX_BODY_BYTES, DEFAULT_REQUEST_LIMITS.maxBodyBytes),
      rate: { perSecond: num(env.HUB_RATE_PER_SECOND, DEFAULT_REQUEST_LIMITS.rate.perSecond), burst: num(env.HUB_RATE_BURST, DEFAULT_REQUEST_LIMITS.rate.burst) },
    },
    sql: { mode, apiKey: env.HUB_SQL_API_KEY || undefined, timeoutMs: num(env.HUB_SQL_TIMEOUT_MS, DEFAULT_SQL_CLIENT.timeoutMs) },
    // Ponder gets DATABASE_URL only for a Postgres server (hub/ponder-process.ts); else PGlite.
    embedded: !env.DATABASE_URL,
  };
}
