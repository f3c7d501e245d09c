/** Analytics configuration, read once from the environment, with embedded defaults. */
import { ConfigError } from "../../core/errors.js";

export type AnalyticsConfig =
  | { engine: "chdb"; path: string; database: string }
  | { engine: "server"; url: string; database: string; username: string; password: string };

export function analyticsConfigFromEnv(env: NodeJS.ProcessEnv = process.env): AnalyticsConfig {
  const database = env.CLICKHOUSE_DATABASE ?? "analytics";
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(database)) throw new ConfigError(`CLICKHOUSE_DATABASE="${database}" is not a plain identifier`, { hint: "Use letters, digits and _." });
  if (env.CLICKHOUSE_URL) {
    try {
      new URL(env.CLICKHOUSE_URL);
    } catch (cause) {
      throw new ConfigError(`CLICKHOUSE_URL="${env.CLICKHOUSE_URL}" is not a URL`, { cause, hint: "For example http://127.0.0.1:8123" });
    }
    return { engine: "server", url: env.CLICKHOUSE_URL, database, username: env.CLICKHOUSE_USER ?? "default", password: env.CLICKHOUSE_PASSWORD ?? "" };
  }
  return { engine: "chdb", path: env.ANALYTICS_CHDB_PATH ?? ".data/chdb", database };
}
