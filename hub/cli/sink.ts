/**
 * The analytics sink as a process of its own (server topology): follows the indexer's tables on
 * the Postgres server (DATABASE_URL, schema DATABASE_SCHEMA) into the ClickHouse server
 * (CLICKHOUSE_URL). Exactly one per ClickHouse database. Serves its metrics on
 * `--metrics-port` (0: a free port, printed) until SIGTERM or Ctrl-C.
 */
import { parseArgs } from "node:util";
import pg from "pg";
import { analyticsConfigFromEnv } from "../../analytics/store/config.js";
import { hubEnv } from "../../core/config/index.js";
import { ConfigError, isHubError } from "../../core/errors.js";
import { componentLogger, configureRootLogger } from "../../core/logger.js";
import { errorListener, hubRegistry, reportError, serveMetrics } from "../../core/metrics/index.js";
import { startAnalytics } from "../writers/start-analytics.js";

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { "metrics-port": { type: "string", default: "0" }, "poll-ms": { type: "string", default: "500" } } });
  const env = hubEnv();
  configureRootLogger(env);
  const log = componentLogger("sink");
  if (!env.DATABASE_URL || !env.DATABASE_SCHEMA || !env.CLICKHOUSE_URL) {
    throw new ConfigError("the sink process needs DATABASE_URL, DATABASE_SCHEMA and CLICKHOUSE_URL", { hint: "see docs/deploy.md; in the embedded mode the sink runs inside the Ponder process instead" });
  }
  const pool = new pg.Pool({ connectionString: env.DATABASE_URL, max: 2 });
  pool.on("error", errorListener(log, "sink: an idle Postgres connection failed"));
  const analytics = await startAnalytics({
    pool,
    schema: env.DATABASE_SCHEMA,
    config: analyticsConfigFromEnv(env),
    pollMs: Number(values["poll-ms"]),
    registry: hubRegistry,
    onError: (error) => reportError(log, error, "sink round failed; retrying"),
  });
  const metrics = await serveMetrics(Number(values["metrics-port"]));
  log.info({ schema: env.DATABASE_SCHEMA, metrics: metrics.url }, "sink following the indexer");
  // One line for the process that started us (hub/topology.ts reads it).
  console.log(`sink: metrics ${metrics.url}`);
  const stop = async () => {
    await analytics.stop();
    await pool.end();
    await metrics.close();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop());
  process.on("SIGTERM", () => void stop());
}

main().catch((error: unknown) => {
  console.error(isHubError(error) ? error.toDisplayString() : error);
  process.exit(1);
});
