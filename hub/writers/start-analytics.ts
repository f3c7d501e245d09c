/**
 * What the hub calls at start for analytics: opens the configured store (chDB folder, or the
 * server at CLICKHOUSE_URL), applies pending migrations, and starts the sink following the
 * indexer's schema. In the embedded mode this must run in the hub process (the chDB folder is
 * the process's), and the API reads through the returned store.
 */
import type { Registry } from "prom-client";
import { applyMigrations } from "../../migrations/apply.js";
import type { MigrationReport } from "../../migrations/runner.js";
import type { Queryable } from "../../core/sql/queryable.js";
import { PostgresFactSource } from "../../analytics/sink/postgres-source.js";
import { AnalyticsSink, type SinkLag } from "../../analytics/sink/sink.js";
import { analyticsConfigFromEnv, type AnalyticsConfig } from "../../analytics/store/config.js";
import { openAnalyticsStore } from "../../analytics/store/open.js";
import type { AnalyticsStore } from "../../analytics/store/store.js";
import { withIdleBackoff } from "../../analytics/sink/indexer-change-watch.js";

export type Analytics = { store: AnalyticsStore; sink: AnalyticsSink; migrations: MigrationReport[]; lag(): SinkLag; stop(): Promise<void> };

export async function startAnalytics(options: {
  /**
   * The indexer's database (a pg.Pool reads each round in one snapshot; inside the Ponder
   * process, Ponder's own client), and the schema Ponder writes (`ponder start --schema`).
   */
  pool: Queryable;
  schema: string;
  config?: AnalyticsConfig;
  /** Between the sink's change checks (one small query each when nothing changed). */
  pollMs?: number;
  /** Blocks the sink re-syncs after a start or a reorg. */
  reorgWindowBlocks?: bigint;
  /** While nothing changes, the gap between change checks grows from `pollMs` to this (unset: no backoff). */
  maxIdlePollMs?: number;
  registry?: Registry;
  onError?: (error: unknown) => void;
}): Promise<Analytics> {
  const store = await openAnalyticsStore(options.config ?? analyticsConfigFromEnv());
  try {
    const migrations = await applyMigrations({ analytics: store });
    const source = new PostgresFactSource(options.pool, options.schema);
    const pollMs = options.pollMs ?? 1000;
    const changes = options.maxIdlePollMs ? withIdleBackoff(source.changeWatch(), { pollMs, maxIdleMs: options.maxIdlePollMs }) : undefined;
    const sink = new AnalyticsSink({ store, source, registry: options.registry, reorgWindowBlocks: options.reorgWindowBlocks, changes });
    sink.start(pollMs, options.onError);
    return {
      store,
      sink,
      migrations,
      lag: () => sink.lag(),
      async stop() {
        await sink.stop();
        await store.close();
      },
    };
  } catch (error) {
    await store.close();
    throw error;
  }
}
