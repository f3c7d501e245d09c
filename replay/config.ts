/** The replay worker's configuration: typed values taken from the hub's one configuration. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { hubEnv, type HubEnv } from "../core/config/index.js";

export type ExecutionProviderRequest = "auto" | "cpu" | "cuda";

export type ReplayConfig = {
  /** BullMQ on Redis when set; the in-process queue otherwise. */
  redisUrl: string | undefined;
  /** Key prefix of the BullMQ queue (lets several hubs share one Redis). */
  queuePrefix: string;
  databaseUrl: string | undefined;
  /** The Postgres schema of the replay tables (jobs, verdicts): the hub's own, never Ponder's. */
  pgSchema: string;
  artifactsDir: string;
  executionProvider: ExecutionProviderRequest;
  /** Largest allowed difference between claimed and recomputed weights of one contribution, in ppm. */
  weightTolerancePpm: number;
  /** Largest allowed total (L1) difference over all contributions, in ppm; default twice the above. */
  weightL1TolerancePpm: number;
  /** Largest allowed absolute difference of an output embedding value when bytes differ. */
  outputTolerance: number;
  /** Share of newly indexed inferences to verify (0..1]. */
  sampleRate: number;
  /** Jobs gathered into one model batch. */
  batchSize: number;
  /** Memory bound of the ONNX session cache. */
  sessionCacheBytes: number;
  /** Training sets (with their embeddings) kept, one per run. */
  trainingSetCacheRuns: number;
  attempts: number;
  backoffMs: number;
  /** How often unfinished jobs are re-derived from Postgres and re-enqueued. */
  reconcileIntervalMs: number;
  /** Jobs started per second by one worker (0: unlimited), e.g. to share a GPU. */
  rateLimitPerSecond: number;
  /** How long a worker's lock on a job lasts: a killed worker's jobs are retaken after it. */
  lockDurationMs: number;
  verifierPrivateKey: `0x${string}` | undefined;
  workerVersion: string;
};

function packageVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version?: string };
    return pkg.version ?? "0.0.0";
  } catch {
    return "0.0.0";
  }
}

/** The replay worker's settings from the hub's configuration (core/config): already validated there. */
export function readReplayConfig(env: HubEnv = hubEnv()): ReplayConfig {
  return {
    redisUrl: env.REDIS_URL,
    queuePrefix: env.REPLAY_QUEUE_PREFIX,
    databaseUrl: env.DATABASE_URL,
    pgSchema: env.REPLAY_PG_SCHEMA,
    artifactsDir: env.ARTIFACTS_DIR ?? join(env.DATA_DIR, "artifacts"),
    executionProvider: env.REPLAY_EXECUTION_PROVIDER,
    weightTolerancePpm: env.REPLAY_WEIGHT_TOLERANCE_PPM,
    weightL1TolerancePpm: env.REPLAY_WEIGHT_L1_TOLERANCE_PPM ?? 2 * env.REPLAY_WEIGHT_TOLERANCE_PPM,
    outputTolerance: env.REPLAY_OUTPUT_TOLERANCE,
    sampleRate: env.REPLAY_SAMPLE_RATE,
    batchSize: env.REPLAY_BATCH_SIZE,
    sessionCacheBytes: env.REPLAY_SESSION_CACHE_MB * 1024 * 1024,
    trainingSetCacheRuns: env.REPLAY_TRAINING_SET_CACHE_RUNS,
    attempts: env.REPLAY_ATTEMPTS,
    backoffMs: env.REPLAY_BACKOFF_MS,
    reconcileIntervalMs: env.REPLAY_RECONCILE_INTERVAL_MS,
    rateLimitPerSecond: env.REPLAY_RATE_LIMIT,
    lockDurationMs: env.REPLAY_LOCK_DURATION_MS,
    verifierPrivateKey: env.VERIFIER_PRIVATE_KEY as `0x${string}` | undefined,
    workerVersion: `replay/${packageVersion()}`,
  };
}
