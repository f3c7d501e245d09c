/**
 * The composition root inside a Ponder process (src/api/index.ts calls it once): what runs beside
 * Ponder is decided by the role the hub gave the process (HUB_PONDER_ROLE).
 * - embedded: the sink (chDB) and the replay worker next to PGlite, because an embedded folder
 *   belongs to the one process that opened it; the API reads through them.
 * - api: an API replica (`ponder serve`): readers of the ClickHouse server and of the verdicts in
 *   Postgres, and no writer.
 * - indexer: nothing; in the server topology the sink and the workers are processes of their own.
 */
import type { ReadonlyDrizzle } from "ponder";
import { readRecordedLag } from "../../analytics/sink/checkpoint.js";
import { analyticsConfigFromEnv } from "../../analytics/store/config.js";
import { openAnalyticsStore } from "../../analytics/store/open.js";
import type { HubServices, VerdictReader } from "../../api/services.js";
import type { HubEnv } from "../../core/config/index.js";
import { ConfigError } from "../../core/errors.js";
import { componentLogger, configureRootLogger } from "../../core/logger.js";
import { hubRegistry } from "../../core/metrics/index.js";
import { PostgresVerdictStore } from "../../replay/verdicts/postgres-verdict-store.js";
import { readVerdictRecords } from "../../replay/verdicts/verdict-records.js";
import { PostgresClaimSource } from "../../replay/claims/postgres-claim-source.js";
import { readReplayConfig } from "../../replay/config.js";
import { createReplayQueue } from "../../replay/queue/create-queue.js";
import type { VerificationRequester } from "../../api/graphql/services/verification-requester.js";
import { verdictEvidenceReader } from "./verdict-evidence-reader.js";
import { queueVerificationRequester, type RequesterParts } from "./verification-requester.js";
import { startEmbeddedWriters } from "./embedded-writers.js";
import { queryableFromPonderDb } from "./ponder-db-queryable.js";

function ponderSchema(env: HubEnv): string {
  if (!env.DATABASE_SCHEMA) throw new ConfigError("DATABASE_SCHEMA is not set in the Ponder process", { hint: "start Ponder through the hub (hub/indexer.ts sets it with --schema)" });
  return env.DATABASE_SCHEMA;
}

/**
 * An API replica enqueues only where its jobs reach workers of another process: BullMQ on Redis,
 * with the jobs recorded in the Postgres the workers read. Without Redis an in-process queue
 * would hold jobs no worker takes, so the mutation answers SERVICE_UNAVAILABLE instead. The
 * connections are opened on the first request; recording jobs is the one write a replica makes
 * (to the workers' tables, whose migrations are idempotent).
 */
function apiReplicaRequester(db: ReadonlyDrizzle<Record<string, unknown>>, env: HubEnv): VerificationRequester | undefined {
  const databaseUrl = env.DATABASE_URL;
  if (!env.REDIS_URL || !databaseUrl) return undefined;
  let parts: Promise<RequesterParts> | undefined;
  return queueVerificationRequester(() => {
    parts ??= (async () => {
      const config = readReplayConfig(env);
      const store = await PostgresVerdictStore.connect(databaseUrl, config.pgSchema);
      return { store, queue: createReplayQueue(config), source: new PostgresClaimSource(queryableFromPonderDb(db), ponderSchema(env)) };
    })();
    parts.catch(() => (parts = undefined));
    return parts;
  });
}

/** An API replica's readers: the ClickHouse server the sink writes, the verdicts in Postgres. */
function apiReplicaServices(db: ReadonlyDrizzle<Record<string, unknown>>, env: HubEnv): HubServices {
  const log = componentLogger("api-replica");
  const analytics = (async () => {
    const store = await openAnalyticsStore(analyticsConfigFromEnv(env));
    return { store, lag: () => readRecordedLag(store) };
  })();
  const verdicts = (async (): Promise<VerdictReader | undefined> => {
    if (!env.DATABASE_URL) return undefined;
    const store = await PostgresVerdictStore.connectReader(env.DATABASE_URL, env.REPLAY_PG_SCHEMA);
    return {
      executionProvider: undefined,
      counts: () => store.counts(),
      verdicts: () => store.verdicts(),
      records: (query) => readVerdictRecords(store.pool, query),
      evidence: verdictEvidenceReader(store.pool),
    };
  })();
  analytics.catch((error: unknown) => log.error({ err: error }, "the analytics store cannot be opened"));
  verdicts.catch((error: unknown) => log.error({ err: error }, "the verdict store cannot be opened"));
  const verification = Promise.resolve(apiReplicaRequester(db, env));
  return { role: "api", analytics, verdicts, verification, health: Promise.resolve(undefined), recentErrors: () => [], metrics: hubRegistry };
}

export function startPonderProcessServices(db: ReadonlyDrizzle<Record<string, unknown>>, env: HubEnv): HubServices {
  configureRootLogger(env);
  switch (env.HUB_PONDER_ROLE) {
    case "embedded": {
      const indexerDb = queryableFromPonderDb(db);
      const schema = ponderSchema(env);
      const writers = startEmbeddedWriters(indexerDb, schema, env);
      const source = new PostgresClaimSource(indexerDb, schema);
      return {
        role: "embedded",
        analytics: writers.then((w) => w.analytics),
        verdicts: writers.then((w) => ({
          executionProvider: { provider: w.replay.provider.provider, requested: w.replay.provider.requested, fallbackReason: w.replay.provider.fallbackReason },
          counts: () => w.replay.store.counts(),
          verdicts: () => w.replay.store.verdicts(),
          records: (query) => readVerdictRecords(w.replay.store.pool, query),
          evidence: verdictEvidenceReader(w.replay.store.pool),
        })),
        verification: writers.then((w) => queueVerificationRequester(async () => ({ source, store: w.replay.store, queue: w.replay.queue }))),
        health: writers.then((w) => w.health),
        recentErrors: () => writers.recentErrors,
        metrics: hubRegistry,
      };
    }
    case "api":
      return apiReplicaServices(db, env);
    case "indexer":
      return { role: "indexer", analytics: Promise.resolve(undefined), verdicts: Promise.resolve(undefined), health: Promise.resolve(undefined), recentErrors: () => [], metrics: hubRegistry };
  }
}
