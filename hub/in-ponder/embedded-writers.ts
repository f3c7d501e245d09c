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
import { withIdleBackoff } from "../../analytics/sink/indexer-change-watch.js";
import { startReplay, type ReplayRuntime } from "../../replay/runtime.js";
import { PostgresVerdictStore } from "../../replay/verdicts/postgres-verdict-store.js";
import { AnalyticsVerdictFactSink } from "../../replay/verdicts/verdict-facts.js";
import { openHubPglite } from "./pglite-database.js";
import type { HubHealth } from "../../api/services.js";
import { readIndexerSettings } from "../../indexer/config.js";
import { decodeRecovery, describeRecovery, recoveryConsequence, type StoreName, type StoreRecoveryReport } from "../shared/store-recovery.js";
import { decodeRestarts } from "../shared/supervision-report.js";
import { createLagMonitor } from "./status/lag-monitor.js";
import { createLagProbes } from "./status/lag-probes.js";

export type EmbeddedWriters = {
  analytics: Analytics;
  replay: ReplayRuntime;
  health: HubHealth;
  stop(): Promise<void>;
};

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
    const analytics = await startAnalytics({ pool: indexerDb, schema, config: analyticsConfigFromEnv(env), pollMs: env.ANALYTICS_SINK_POLL_MS, reorgWindowBlocks: BigInt(env.ANALYTICS_SINK_REORG_WINDOW_BLOCKS), maxIdlePollMs: env.HUB_MAX_IDLE_POLL_MS, registry: hubRegistry, onError: remember });
    log.info({ migrations: analytics.migrations.map((m) => `${m.target} ${m.applied.length} applied`) }, `analytics: sink following schema ${schema}`);
    const config = readReplayConfig(env);
    const replayLog = componentLogger("replay");
    const say = (m: string) => replayLog.info(m);
    const hubDb = config.databaseUrl ? undefined : await openHubPglite(env.HUB_DB_DIR ?? join(env.DATA_DIR, "hub-db"), config.pgSchema);
    const store = hubDb ? await PostgresVerdictStore.open(hubDb, config.pgSchema) : undefined;
    const source = new PostgresClaimSource(indexerDb, schema);
    const replay = await startReplay({ config, source, store, facts: new AnalyticsVerdictFactSink(analytics.store), log: say });
    // While the indexed head stays put the check backs off to HUB_MAX_IDLE_POLL_MS (any change resets it).
    const changes = withIdleBackoff(source.changeWatch(), { pollMs: env.REPLAY_FOLLOW_POLL_MS, maxIdleMs: env.HUB_MAX_IDLE_POLL_MS });
    const follower = new ClaimFollower(replay, source, { pollMs: env.REPLAY_FOLLOW_POLL_MS, rereadBlocks: BigInt(env.REPLAY_FOLLOW_REREAD_BLOCKS), changes, log: say });
    follower.start();
    // The hub prepared the folders before starting Ponder (hub/indexer.ts); a rebuild here too
    // (the folder broke after that) is reported the same way.
    const recovery: StoreRecoveryReport = { ...decodeRecovery(env.HUB_STORE_RECOVERY), ...(hubDb?.recovery.outcome === "rebuilt" ? { replay: hubDb.recovery } : {}) };
    if (hubDb?.recovery.outcome === "rebuilt") say(describeRecovery("replay", hubDb.recovery));
    const lag = createLagMonitor({
      probes: createLagProbes({
        rpcUrl: readIndexerSettings(env).rpcUrl,
        indexerDb,
        schema,
        sinkBlock: () => {
          const sink = analytics.lag();
          return sink.checkedAt ? sink.syncedBlock : undefined;
        },
        replayDb: replay.store.pool,
      }),
      stallAfterSeconds: env.HUB_STALL_AFTER_SECONDS,
    });
    const health: HubHealth = {
      lag: () => lag.figures(),
      stores: Object.fromEntries(
        Object.entries(recovery).map(([store, r]) => [store, { ...r, ...(r.outcome === "rebuilt" ? { consequence: recoveryConsequence(store as StoreName) } : {}) }]),
      ),
      ponderRestarts: decodeRestarts(env.HUB_PONDER_RESTARTS),
      activity: () => ({ sink: analytics.sink.activitySnapshot(), follower: follower.activitySnapshot() }),
    };
    return {
      analytics,
      replay,
      health,
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
