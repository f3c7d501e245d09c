/**
 * The services that share the indexer's embedded database: started inside the Ponder process
 * (from src/api/index.ts) when the hub asks for them, because a PGlite folder and a chDB
 * folder each belong to the one process that opened them.
 */
import type { ReadonlyDrizzle } from "ponder";
import { startAnalytics, type Analytics } from "../analytics/start.js";
import type { ActivitySnapshot } from "../core/activity.js";
import { HubError } from "../core/errors.js";
import { withIdleBackoff } from "../analytics/sink/indexer-change-watch.js";
import type { Queryable } from "../analytics/sink/postgres-source.js";
import { PostgresClaimSource } from "../replay/claims/postgres-claim-source.js";
import { readReplayConfig } from "../replay/config.js";
import { ClaimFollower } from "../replay/follower.js";
import { startReplay, type ReplayRuntime } from "../replay/runtime.js";
import { PostgresVerdictStore } from "../replay/verdicts/postgres-verdict-store.js";
import { AnalyticsVerdictFactSink } from "../replay/verdicts/verdict-facts.js";
import { EMBEDDED_SERVICES_ENV, HUB_DB_DIR_ENV, PONDER_SCHEMA_ENV } from "./embedded-env.js";
import { openHubPglite } from "./pglite-database.js";
import { queryableFromPonderDb } from "./ponder-db-queryable.js";

export type EmbeddedServices = {
  analytics: Analytics;
  replay: ReplayRuntime;
  startedAt: Date;
  errors: string[];
  /** What the sink and the follower have been doing (polls, reads, mode): for /hub/status. */
  activity(): { sink: ActivitySnapshot; follower: ActivitySnapshot };
  stop(): Promise<void>;
};

/** How often the pollers in the hub process look for changes, and how far they re-read after a reorg or a start. */
export type EmbeddedPollSettings = {
  sinkPollMs: number;
  sinkReorgWindowBlocks: bigint;
  followerPollMs: number;
  followerRereadBlocks: bigint;
  /** While the indexed head stays put, both change checks back off from their poll interval to this. */
  maxIdlePollMs: number;
};

/**
 * Each check is one small query; a block is seen within a second while blocks come, within
 * `maxIdlePollMs` after a quiet spell (the checks back off while nothing changes).
 */
export const DEFAULT_EMBEDDED_POLL_SETTINGS: EmbeddedPollSettings = { sinkPollMs: 1000, sinkReorgWindowBlocks: 64n, followerPollMs: 1000, followerRereadBlocks: 64n, maxIdlePollMs: 4000 };

type EmbeddedReplay = { runtime: ReplayRuntime; follower: ClaimFollower; stop(): Promise<void> };

/**
 * The replay worker beside the indexer: claims read through Ponder's client, jobs and verdicts
 * in the hub's own PGlite (or the DATABASE_URL server), verdict facts in the analytics store,
 * and a follower that queues every newly indexed inference (REPLAY_SAMPLE_RATE of them).
 */
async function startEmbeddedReplay(db: Queryable, schema: string, analytics: Analytics, poll: EmbeddedPollSettings, log: (m: string) => void): Promise<EmbeddedReplay> {
  const config = readReplayConfig();
  const hubDb = config.databaseUrl ? undefined : await openHubPglite(process.env[HUB_DB_DIR_ENV] ?? ".data/hub-db", config.pgSchema);
  const store = hubDb ? await PostgresVerdictStore.open(hubDb, config.pgSchema) : undefined;
  const source = new PostgresClaimSource(db, schema);
  const runtime = await startReplay({ config, source, store, facts: new AnalyticsVerdictFactSink(analytics.store), log });
  const changes = withIdleBackoff(source.changeWatch(), { pollMs: poll.followerPollMs, maxIdleMs: poll.maxIdlePollMs });
  const follower = new ClaimFollower(runtime, source, { pollMs: poll.followerPollMs, rereadBlocks: poll.followerRereadBlocks, changes, log });
  follower.start();
  return {
    runtime,
    follower,
    async stop() {
      follower.stop();
      await runtime.stop();
      await hubDb?.end();
    },
  };
}

let services: Promise<EmbeddedServices> | undefined;

/** Starts once per process; later calls return the same services. */
export function embeddedServices(db: ReadonlyDrizzle<Record<string, unknown>>, poll: EmbeddedPollSettings = DEFAULT_EMBEDDED_POLL_SETTINGS): Promise<EmbeddedServices> | undefined {
  if (process.env[EMBEDDED_SERVICES_ENV] !== "1") return undefined;
  services ??= (async () => {
    const schema = process.env[PONDER_SCHEMA_ENV];
    if (!schema) throw new HubError("HUB_SCHEMA_UNKNOWN", `${PONDER_SCHEMA_ENV} is not set`, { hint: "start the Ponder process through hub/indexer.ts" });
    const errors: string[] = [];
    const remember = (error: unknown) => {
      errors.push(error instanceof Error ? error.message : String(error));
      if (errors.length > 20) errors.shift();
      console.error(`[hub] ${error instanceof Error ? error.message : String(error)}`);
    };
    const indexerDb = queryableFromPonderDb(db);
    const analytics = await startAnalytics({ pool: indexerDb, schema, pollMs: poll.sinkPollMs, reorgWindowBlocks: poll.sinkReorgWindowBlocks, maxIdlePollMs: poll.maxIdlePollMs, onError: remember });
    console.log(`[hub] analytics: ${analytics.migrations.map((m) => `${m.target} ${m.applied.length} applied`).join(", ")}; sink following schema ${schema}`);
    const replay = await startEmbeddedReplay(indexerDb, schema, analytics, poll, (m) => console.log(`[hub] ${m}`));
    return {
      analytics,
      replay: replay.runtime,
      startedAt: new Date(),
      errors,
      activity: () => ({ sink: analytics.sink.activitySnapshot(), follower: replay.follower.activitySnapshot() }),
      async stop() {
        await replay.stop();
        await analytics.stop();
      },
    };
  })();
  services.catch((error: unknown) => console.error(`[hub] embedded services failed to start: ${error instanceof Error ? error.message : String(error)}`));
  return services;
}
