/**
 * Wires the replay worker from its configuration: execution provider (chosen once), caches,
 * verifier, queue (BullMQ or in-process), Postgres verdict store, ClickHouse facts, reconciler,
 * and optionally the challenger. The CLI, the hub, tests and the bench all start it this way.
 */
import { ArtifactStore } from "../artifacts/store.js";
import { componentLogger } from "../core/logger.js";
import type { Claim, ClaimSource } from "./claims/types.js";
import type { ReplayConfig } from "./config.js";
import { enqueue, type EnqueueResult } from "./enqueue.js";
import { ReplayConfigError } from "./errors.js";
import { replayMetrics } from "./metrics.js";
import { createReplayQueue } from "./queue/create-queue.js";
import type { ReplayQueue } from "./queue/types.js";
import { Reconciler } from "./reconciler.js";
import { chooseExecutionProvider, describeChoice, type ExecutionProviderChoice } from "./runner/execution-provider.js";
import { SessionCache } from "./runner/session-cache.js";
import { TrainingSetCache } from "./runner/training-sets.js";
import { PostgresVerdictStore, type VerdictCounts } from "./verdicts/postgres-verdict-store.js";
import type { VerdictFactSink } from "./verdicts/verdict-facts.js";
import { Verifier } from "./verify/verifier.js";
import { ReplayWorker, type VerdictListener } from "./worker.js";

export type StartReplayParameters = {
  config: ReplayConfig;
  source: ClaimSource;
  /** An open store, or the config's DATABASE_URL is used. */
  store?: PostgresVerdictStore;
  facts?: VerdictFactSink;
  /** Start consuming jobs here (default true); false for an enqueue-only process. */
  work?: boolean;
  onVerdicts?: VerdictListener;
  queueTuning?: { lockDurationMs?: number; stalledIntervalMs?: number };
  log?: (message: string) => void;
};

export type ReplayRuntime = {
  config: ReplayConfig;
  provider: ExecutionProviderChoice;
  queue: ReplayQueue;
  store: PostgresVerdictStore;
  verifier: Verifier;
  sessions: SessionCache;
  trainingSets: TrainingSetCache;
  worker: ReplayWorker | undefined;
  reconciler: Reconciler;
  enqueue(claims: AsyncIterable<Claim> | Iterable<Claim>, requestedBy: string, sampleRate?: number): Promise<EnqueueResult>;
  /** Resolves when every given job has a verdict; reports progress about once a second. */
  waitForVerdicts(jobKeys: readonly string[], onProgress?: (c: VerdictCounts) => void, pollMs?: number): Promise<VerdictCounts>;
  stop(): Promise<void>;
};

export async function startReplay(p: StartReplayParameters): Promise<ReplayRuntime> {
  const { config } = p;
  const logger = componentLogger("replay");
  const log = p.log ?? ((m: string) => logger.info(m));
  let store = p.store;
  if (!store) {
    if (!config.databaseUrl) throw new ReplayConfigError("the replay worker needs Postgres for its jobs and verdicts", "set DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/hub)");
    store = await PostgresVerdictStore.connect(config.databaseUrl, config.pgSchema);
  }
  const provider = await chooseExecutionProvider(config.executionProvider);
  log(describeChoice(provider));
  const artifacts = new ArtifactStore(config.artifactsDir);
  const sessions = new SessionCache(artifacts, provider.provider, config.sessionCacheBytes);
  const trainingSets = new TrainingSetCache(artifacts, config.trainingSetCacheRuns);
  const verifier = new Verifier({
    store: artifacts,
    source: p.source,
    sessions,
    trainingSets,
    attributionTolerances: { perContributionPpm: config.weightTolerancePpm, l1Ppm: config.weightL1TolerancePpm },
    outputTolerance: config.outputTolerance,
    workerVersion: config.workerVersion,
  });
  const queue = createReplayQueue(config, { lockDurationMs: config.lockDurationMs, ...p.queueTuning });
  const unwatchQueue = replayMetrics().watchQueue(queue);
  const worker = p.work === false ? undefined : new ReplayWorker({ queue, verifier, store, facts: p.facts, onVerdicts: p.onVerdicts, batchSize: config.batchSize, ratePerSecond: config.rateLimitPerSecond, log });
  worker?.start();
  const reconciler = new Reconciler(store, queue, config.reconcileIntervalMs, log);
  reconciler.start();
  const s = store;
  return {
    config,
    provider,
    queue,
    store: s,
    verifier,
    sessions,
    trainingSets,
    worker,
    reconciler,
    enqueue: (claims, requestedBy, sampleRate = config.sampleRate) => enqueue({ claims, store: s, queue, requestedBy, sampleRate }),
    async waitForVerdicts(jobKeys, onProgress, pollMs = 1000) {
      for (;;) {
        const counts = await s.counts(jobKeys);
        onProgress?.(counts);
        if (counts.verdicts >= jobKeys.length) return counts;
        await new Promise((r) => setTimeout(r, pollMs));
      }
    },
    async stop() {
      await reconciler.stop();
      unwatchQueue();
      await queue.close();
      sessions.clear();
      trainingSets.clear();
      if (!p.store) await s.close();
    },
  };
}
