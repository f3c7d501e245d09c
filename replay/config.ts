/** The replay worker's configuration: read once from the environment, validated, with defaults. */
import { readFileSync } from "node:fs";
import { ReplayConfigError } from "./errors.js";

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

function number(env: NodeJS.ProcessEnv, name: string, fallback: number, check: (n: number) => boolean, rule: string): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || !check(n)) throw new ReplayConfigError(`${name}=${raw} is invalid`, `${name} must be ${rule}`);
  return n;
}

function packageVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version?: string };
    return pkg.version ?? "0.0.0";
  } catch {
    return "0.0.0";
  }
}

export function readReplayConfig(env: NodeJS.ProcessEnv = process.env): ReplayConfig {
  const provider = (env.REPLAY_EXECUTION_PROVIDER ?? "auto").toLowerCase();
  if (provider !== "auto" && provider !== "cpu" && provider !== "cuda") {
    throw new ReplayConfigError(`REPLAY_EXECUTION_PROVIDER=${provider} is invalid`, "use auto, cpu or cuda");
  }
  if (env.REPLAY_PG_SCHEMA && !/^[a-z_][a-z0-9_]*$/.test(env.REPLAY_PG_SCHEMA)) {
    throw new ReplayConfigError(`REPLAY_PG_SCHEMA=${env.REPLAY_PG_SCHEMA} is invalid`, "use a plain lower-case schema name such as replay");
  }
  const key = env.VERIFIER_PRIVATE_KEY;
  if (key !== undefined && key !== "" && !/^0x[0-9a-fA-F]{64}$/.test(key)) {
    throw new ReplayConfigError("VERIFIER_PRIVATE_KEY is not a 32-byte hex key", "set it to 0x followed by 64 hex digits, or unset it");
  }
  const weightTolerancePpm = number(env, "REPLAY_WEIGHT_TOLERANCE_PPM", 1000, (n) => n >= 0 && n <= 1_000_000, "an integer 0..1000000");
  return {
    redisUrl: env.REDIS_URL || undefined,
    queuePrefix: env.REPLAY_QUEUE_PREFIX || "ph",
    databaseUrl: env.DATABASE_URL || undefined,
    pgSchema: env.REPLAY_PG_SCHEMA || "replay",
    artifactsDir: env.ARTIFACTS_DIR || ".data/artifacts",
    executionProvider: provider,
    weightTolerancePpm,
    // One transfer of up to the per-contribution bound; REPLAY_WEIGHT_L1_TOLERANCE_PPM is for the
    // shared configuration module to wire (no new environment reads here).
    weightL1TolerancePpm: 2 * weightTolerancePpm,
    outputTolerance: number(env, "REPLAY_OUTPUT_TOLERANCE", 1e-4, (n) => n >= 0, "a non-negative number"),
    sampleRate: number(env, "REPLAY_SAMPLE_RATE", 1, (n) => n > 0 && n <= 1, "in (0, 1]"),
    batchSize: number(env, "REPLAY_BATCH_SIZE", 256, (n) => Number.isInteger(n) && n >= 1, "a positive integer"),
    sessionCacheBytes: number(env, "REPLAY_SESSION_CACHE_MB", 512, (n) => n > 0, "a positive number of MiB") * 1024 * 1024,
    trainingSetCacheRuns: number(env, "REPLAY_TRAINING_SET_CACHE_RUNS", 64, (n) => Number.isInteger(n) && n >= 1, "a positive integer"),
    attempts: number(env, "REPLAY_ATTEMPTS", 5, (n) => Number.isInteger(n) && n >= 1, "a positive integer"),
    backoffMs: number(env, "REPLAY_BACKOFF_MS", 500, (n) => n >= 0, "a non-negative number"),
    reconcileIntervalMs: number(env, "REPLAY_RECONCILE_INTERVAL_MS", 30_000, (n) => n >= 100, "at least 100"),
    rateLimitPerSecond: number(env, "REPLAY_RATE_LIMIT", 0, (n) => n >= 0, "a non-negative number of jobs per second"),
    lockDurationMs: number(env, "REPLAY_LOCK_DURATION_MS", 30_000, (n) => n >= 500, "at least 500"),
    verifierPrivateKey: key ? (key as `0x${string}`) : undefined,
    workerVersion: `replay/${packageVersion()}`,
  };
}
