/** Opens the configured analytics store: chDB by default, a server when CLICKHOUSE_URL is set. */
import { ChdbStore } from "./chdb-store.js";
import { analyticsConfigFromEnv, type AnalyticsConfig } from "./config.js";
import { ServerStore } from "./server-store.js";
import type { AnalyticsStore } from "./store.js";

export async function openAnalyticsStore(config: AnalyticsConfig = analyticsConfigFromEnv()): Promise<AnalyticsStore> {
  if (config.engine === "server") return ServerStore.open(config);
  return ChdbStore.open(config.path, config.database);
}
