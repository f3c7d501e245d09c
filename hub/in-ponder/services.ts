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
import { startEmbeddedWriters } from "./embedded-writers.js";
import { queryableFromPonderDb } from "./ponder-db-queryable.js";

function ponderSchema(env: HubEnv): string {
  if (!env.DATABASE_SCHEMA) throw new ConfigError("DATABASE_SCHEMA is not set in the Ponder process", { hint: "start Ponder through the hub (hub/indexer.ts sets it with --schema)" });
  return env.DATABASE_SCHEMA;
}

/** An API replica's readers: the ClickHouse server the sink writes, the verdicts in Postgres. */
function apiReplicaServices(env: HubEnv): HubServices {
  const log = componentLogger("api-replica");
  const analytics = (async () => {
    const store = await openAnalyticsStore(analyticsConfigFromEnv(env));
    return { store, lag: () => readRecordedLag(store) };
  })();
  const verdicts = (async (): Promise<VerdictReader | undefined> => {
    if (!env.DATABASE_URL) return undefined;
    const store = await PostgresVerdictStore.connectReader(env.DATABASE_URL, env.REPLAY_PG_SCHEMA);
    return { executionProvider: undefined, counts: () => store.counts(), verdicts: () => store.verdicts(), records: (query) => readVerdictRecords(store.pool, query) };
  })();
  analytics.catch((error: unknown) => log.error({ err: error }, "the analytics store cannot be opened"));
  verdicts.catch((error: unknown) => log.error({ err: error }, "the verdict store cannot be opened"));
  return { role: "api", analytics, verdicts, health: Promise.resolve(undefined), recentErrors: () => [], metrics: hubRegistry };
}

export function startPonderProcessServices(db: ReadonlyDrizzle<Record<string, unknown>>, env: HubEnv): HubServices {
  configureRootLogger(env);
  switch (env.HUB_PONDER_ROLE) {
    case "embedded": {
      const writers = startEmbeddedWriters(queryableFromPonderDb(db), ponderSchema(env), env);
      return {
        role: "embedded",
        analytics: writers.then((w) => w.analytics),
        verdicts: writers.then((w) => ({
          executionProvider: { provider: w.replay.provider.provider, requested: w.replay.provider.requested, fallbackReason: w.replay.provider.fallbackReason },
          counts: () => w.replay.store.counts(),
          verdicts: () => w.replay.store.verdicts(),
          records: (query) => readVerdictRecords(w.replay.store.pool, query),
        })),
        health: writers.then((w) => w.health),
        recentErrors: () => writers.recentErrors,
        metrics: hubRegistry,
      };
    }
    case "api":
      return apiReplicaServices(env);
    case "indexer":
      return { role: "indexer", analytics: Promise.resolve(undefined), verdicts: Promise.resolve(undefined), health: Promise.resolve(undefined), recentErrors: () => [], metrics: hubRegistry };
  }
}
