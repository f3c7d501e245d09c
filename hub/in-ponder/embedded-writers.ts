/**
 * The writers of the embedded mode, started inside the Ponder process that owns PGlite: the
 * ClickHouse sink (chDB) following Ponder's tables through Ponder's own client, and the replay
 * worker with its jobs and verdicts in the hub's own PGlite (or the DATABASE_URL server).
 */
import { join } from "node:path";
import { startAnalytics, type Analytics } from "../writers/start-analytics.js";
import type { Queryable } from "../../core/sql/queryable.js";
import { analyticsConfigFromEnv } from "../../analytics/store/config.js";
import type { HubEnv } from "../../core/config/index.js";
import { componentLogger } from "../../core/logger.js";
import { hubRegistry, reportError } from "../../core/metrics/index.js";
import { PostgresClaimSource } from "../../replay/claims/postgres-claim-source.js";
import { readReplayConfig } from "../../replay/config.js";
import { ClaimFollower } from "../../replay/follower.js";
import { startReplay, type ReplayRuntime } from "../../replay/runtime.js";
import { PostgresVerdictStore } from "../../replay/verdicts/postgres-verdict-store.js";
import { AnalyticsVerdictFactSink } from "../../replay/verdicts/verdict-facts.js";
import { openHubPglite } from "./pglite-database.js";

export type EmbeddedWriters = { analytics: Analytics; replay: ReplayRuntime; stop(): Promise<void> };

type Started = Promise<EmbeddedWriters> & { recentErrors: string[] };

export function startEmbeddedWriters(indexerDb: Queryable, schema: string, env: HubEnv): Started {
  const log = componentLogger("embedded");
  const recentErrors: string[] = [];
  const remember = (error: unknown) => {
    recentErrors.push(error instanceof Error ? error.message : String(error));
    if (recentErrors.length > 20) recentErrors.shift();
    reportError(log, error, "an embedded writer failed a round; it retries");
  };
  const started = (async (): Promise<EmbeddedWriters> => {
    const analytics = await startAnalytics({ pool: indexerDb, schema, config: analyticsConfigFromEnv(env), pollMs: 500, registry: hubRegistry, onError: remember });
    log.info({ migrations: analytics.migrations.map((m) => `${m.target} ${m.applied.length} applied`) }, `analytics: sink following schema ${schema}`);
    const config = readReplayConfig(env);
    const replayLog = componentLogger("replay");
    const say = (m: string) => replayLog.info(m);
    const hubDb = config.databaseUrl ? undefined : await openHubPglite(env.HUB_DB_DIR ?? join(env.DATA_DIR, "hub-db"), config.pgSchema);
    const store = hubDb ? await PostgresVerdictStore.open(hubDb, config.pgSchema) : undefined;
    const source = new PostgresClaimSource(indexerDb, schema);
    const replay = await startReplay({ config, source, store, facts: new AnalyticsVerdictFactSink(analytics.store), log: say });
    const follower = new ClaimFollower(replay, source, 1000, say);
    follower.start();
    return {
      analytics,
      replay,
      async stop() {
        follower.stop();
        await replay.stop();
        await hubDb?.end();
        await analytics.stop();
      },
    };
  })();
  started.catch((error: unknown) => reportError(log, error, "the embedded services failed to start"));
  return Object.assign(started, { recentErrors });
}
