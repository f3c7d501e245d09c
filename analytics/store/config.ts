/** Analytics configuration from the hub's one configuration (core/config), with embedded defaults. */
import { join } from "node:path";
import { hubEnv, type HubEnv } from "../../core/config/index.js";

export type AnalyticsConfig =
  | { engine: "chdb"; path: string; database: string }
  | { engine: "server"; url: string; database: string; username: string; password: string };

export function analyticsConfigFromEnv(env: HubEnv = hubEnv()): AnalyticsConfig {
  const database = env.CLICKHOUSE_DATABASE;
  if (env.CLICKHOUSE_URL) return { engine: "server", url: env.CLICKHOUSE_URL, database, username: env.CLICKHOUSE_USER, password: env.CLICKHOUSE_PASSWORD };
  return { engine: "chdb", path: env.ANALYTICS_CHDB_PATH ?? join(env.DATA_DIR, "chdb"), database };
}
