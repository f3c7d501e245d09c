/**
 * Replay jobs and verdicts in Postgres (tables from migrations/postgres). Both writes are
 * idempotent by job key: a job recorded twice is one job, a verdict written twice (a worker
 * killed after writing, before acknowledging) stays the first one.
 */
import pg from "pg";
import { assertIdentifier } from "../../core/sql/identifier.js";
import { claimHash, deserializeClaim, serializeClaim, type SerializedClaim } from "../claims/claim-key.js";
import type { ReplayJob } from "../queue/types.js";
import type { Attribution } from "../../attribution/types.js";
import type { RuleFailure } from "../../attribution/attribution-rules.js";
import type { OutputMatch, Verdict, VerdictKind } from "./types.js";
import { applyMigrations } from "../../migrations/apply.js";
import type { Queryable } from "../../core/sql/queryable.js";
import { componentLogger } from "../../core/logger.js";
import { errorListener } from "../../core/metrics/index.js";

const log = componentLogger("verdict-store");

const VERDICT_COLUMNS = [
  "job_key", "chain_id", "inference_id", "claim_hash", "model_id", "adapter_id", "run_id", "method_id", "block_number",
  "verdict", "reason_code", "reason", "claimed_output_hash", "observed_output_hash", "output_match", "output_max_abs_diff",
  "output_tolerance", "claimed_weights", "observed_weights", "largest_deviation_ppm", "weight_tolerance_ppm",
  "execution_provider", "runtime_ms", "batch_size", "worker_version", "verified_at", "l1_deviation_ppm", "l1_tolerance_ppm", "failed_rules",
] as const;

type WeightsJson = { contributionIds: string[]; weightsPpm: number[] };

function weightsJson(a: { contributionIds: bigint[]; weightsPpm: number[] } | null): string | null {
  return a ? JSON.stringify({ contributionIds: a.contributionIds.map(String), weightsPpm: a.weightsPpm }) : null;
}

function verdictRow(v: Verdict): unknown[] {
  return [
    v.jobKey, v.chainId, v.inferenceId.toString(), v.claimHash, v.modelId.toString(), v.adapterId.toString(), v.runId.toString(),
    v.methodId, v.blockNumber.toString(), v.verdict, v.reasonCode, v.reason, v.claimedOutputHash, v.observedOutputHash,
    v.outputMatch, v.outputMaxAbsDiff, v.outputTolerance, weightsJson(v.claimed), weightsJson(v.observed), v.largestDeviationPpm,
    v.weightTolerancePpm, v.executionProvider, v.runtimeMs, v.batchSize, v.workerVersion, v.verifiedAt,
    v.l1DeviationPpm, v.l1TolerancePpm, JSON.stringify(v.failedRules, (_, x: unknown) => (typeof x === "bigint" ? x.toString() : x)),
  ];
}

function placeholders(rows: number, columns: number): string {
  const out: string[] = [];
  for (let r = 0; r < rows; r++) out.push(`(${Array.from({ length: columns }, (_, c) => `$${r * columns + c + 1}`).join(", ")})`);
  return out.join(", ");
}

export const DEFAULT_REPLAY_SCHEMA = "replay";

/** A verdict as stored, with the evidence a reader needs: weights, deviations, failed rules. */
export type StoredVerdict = {
  jobKey: string;
  inferenceId: bigint;
  modelId: bigint;
  methodId: number;
  verdict: VerdictKind;
  reasonCode: string;
  reason: string;
  outputMatch: OutputMatch | null;
  claimed: Attribution;
  observed: Attribution | null;
  largestDeviationPpm: number | null;
  weightTolerancePpm: number;
  l1DeviationPpm: number | null;
  l1TolerancePpm: number | null;
  failedRules: RuleFailure[];
  executionProvider: string;
};

type StoredVerdictRow = {
  job_key: string; inference_id: string; model_id: string; method_id: number; verdict: VerdictKind; reason_code: string; reason: string;
  output_match: OutputMatch | null; claimed_weights: WeightsJson; observed_weights: WeightsJson | null; largest_deviation_ppm: number | null;
  weight_tolerance_ppm: number; l1_deviation_ppm: number | null; l1_tolerance_ppm: number | null; failed_rules: StoredRuleFailure[]; execution_provider: string;
};
type StoredRuleFailure = Omit<RuleFailure, "contributionIds" | "deviations"> & { contributionIds: string[]; deviations: { contributionId: string; claimedPpm: number; observedPpm: number }[] };

const attribution = (w: WeightsJson): Attribution => ({ contributionIds: w.contributionIds.map(BigInt), weightsPpm: w.weightsPpm });

function storedVerdict(r: StoredVerdictRow): StoredVerdict {
  return {
    jobKey: r.job_key,
    inferenceId: BigInt(r.inference_id),
    modelId: BigInt(r.model_id),
    methodId: r.method_id,
    verdict: r.verdict,
    reasonCode: r.reason_code,
    reason: r.reason,
    outputMatch: r.output_match,
    claimed: attribution(r.claimed_weights),
    observed: r.observed_weights ? attribution(r.observed_weights) : null,
    largestDeviationPpm: r.largest_deviation_ppm,
    weightTolerancePpm: r.weight_tolerance_ppm,
    l1DeviationPpm: r.l1_deviation_ppm,
    l1TolerancePpm: r.l1_tolerance_ppm,
    failedRules: r.failed_rules.map((f) => ({
      ...f,
      contributionIds: f.contributionIds.map(BigInt),
      deviations: f.deviations.map((d) => ({ ...d, contributionId: BigInt(d.contributionId) })),
    })),
    executionProvider: r.execution_provider,
  };
}
export type VerdictCounts = { jobs: number; verdicts: number; byVerdict: Partial<Record<VerdictKind, number>> };

/** What the store needs of its database: pg.Pool, or an embedded PGlite (hub/pglite-database.ts). */
export type VerdictDatabase = Queryable & { end(): Promise<void> };

export class PostgresVerdictStore {
  private constructor(readonly pool: VerdictDatabase, private readonly ownsPool: boolean) {}

  /**
   * Over a database someone else opened (one session: the caller has set its search_path to
   * `schema`); applies the hub's Postgres migrations there. The caller closes it.
   */
  static async open(database: VerdictDatabase, schema = DEFAULT_REPLAY_SCHEMA): Promise<PostgresVerdictStore> {
    assertIdentifier(schema);
    await applyMigrations({ postgres: { client: database, schema } });
    return new PostgresVerdictStore(database, false);
  }

  /**
   * Connects with `schema` first on the search path (the hub's own schema, apart from
   * Ponder's) and applies the hub's Postgres migrations there with the shared runner.
   */
  static async connect(databaseUrl: string, schema = DEFAULT_REPLAY_SCHEMA): Promise<PostgresVerdictStore> {
    assertIdentifier(schema);
    const pool = new pg.Pool({ connectionString: databaseUrl, max: 4, options: `-c search_path=${schema},public` });
    // An idle client lost its connection: logged and counted; the next query reconnects or fails its batch.
    pool.on("error", errorListener(log, "verdict store: an idle Postgres connection failed"));
    const client = await pool.connect();
    try {
      await applyMigrations({ postgres: { client, schema } });
    } catch (error) {
      client.release();
      await pool.end();
      throw error;
    }
    client.release();
    return new PostgresVerdictStore(pool, true);
  }

  /**
   * A reader for processes that must not write (API replicas): no migrations, a small pool.
   * The workers' processes create and migrate the tables.
   */
  static async connectReader(databaseUrl: string, schema = DEFAULT_REPLAY_SCHEMA): Promise<PostgresVerdictStore> {
    assertIdentifier(schema);
    const pool = new pg.Pool({ connectionString: databaseUrl, max: 2, options: `-c search_path=${schema},public` });
    pool.on("error", errorListener(log, "verdict store reader: an idle Postgres connection failed"));
    return new PostgresVerdictStore(pool, true);
  }

  /** Records jobs (idempotent); returns the keys that were new. */
  async recordJobs(jobs: readonly ReplayJob[], requestedBy: string): Promise<Set<string>> {
    const fresh = new Set<string>();
    for (let i = 0; i < jobs.length; i += 1000) {
      const chunk = jobs.slice(i, i + 1000);
      const values: unknown[] = [];
      for (const j of chunk) {
        const s = serializeClaim(j.claim);
        values.push(j.jobKey, s.chainId, s.inferenceId, claimHash(j.claim), s.modelId, s.blockNumber, JSON.stringify(s), requestedBy);
      }
      // a new job enters replay_unfinished in the same statement (see unfinishedJobs)
      const result = await this.pool.query<{ job_key: string }>(
        `WITH fresh AS (
           INSERT INTO replay_jobs (job_key, chain_id, inference_id, claim_hash, model_id, block_number, claim, requested_by)
           VALUES ${placeholders(chunk.length, 8)} ON CONFLICT (job_key) DO NOTHING RETURNING job_key
         ), pending AS (INSERT INTO replay_unfinished (job_key) SELECT job_key FROM fresh ON CONFLICT (job_key) DO NOTHING)
         SELECT job_key FROM fresh`,
        values,
      );
      for (const r of result.rows) fresh.add(r.job_key);
    }
    return fresh;
  }

  /** Writes verdicts (idempotent by job key); returns the keys written now. */
  async saveVerdicts(verdicts: readonly Verdict[]): Promise<Set<string>> {
    if (verdicts.length === 0) return new Set();
    // every job of the batch has a verdict after this statement (written now or before): it
    // leaves replay_unfinished in the same statement
    const keysParam = verdicts.length * VERDICT_COLUMNS.length + 1;
    const result = await this.pool.query<{ job_key: string }>(
      `WITH written AS (
         INSERT INTO replay_verdicts (${VERDICT_COLUMNS.join(", ")}) VALUES ${placeholders(verdicts.length, VERDICT_COLUMNS.length)}
         ON CONFLICT (job_key) DO NOTHING RETURNING job_key
       ), finished AS (DELETE FROM replay_unfinished WHERE job_key = ANY($${keysParam}::text[]))
       SELECT job_key FROM written`,
      [...verdicts.flatMap(verdictRow), verdicts.map((v) => v.jobKey)],
    );
    return new Set(result.rows.map((r) => r.job_key));
  }

  /**
   * Jobs with no verdict yet, oldest block first: what the reconciler re-enqueues. The
   * candidates come from replay_unfinished (a job is there from the statement that records it
   * to the one that writes its verdict), so with every job finished this reads one empty table
   * whatever plan the planner picks, where an anti-join of all jobs with all verdicts read both
   * in full every time. Each candidate is still checked against replay_verdicts; rows whose job
   * has a verdict or is gone (a verdict written by an older version, a truncated replay_jobs)
   * are dropped here.
   */
  async unfinishedJobs(limit = 10_000): Promise<ReplayJob[]> {
    const any = await this.pool.query("SELECT 1 FROM replay_unfinished LIMIT 1");
    if (any.rows.length === 0) return [];
    await this.pool.query(
      `DELETE FROM replay_unfinished u WHERE EXISTS (SELECT 1 FROM replay_verdicts v WHERE v.job_key = u.job_key)
         OR NOT EXISTS (SELECT 1 FROM replay_jobs j WHERE j.job_key = u.job_key)`,
    );
    const result = await this.pool.query<{ job_key: string; claim: SerializedClaim }>(
      `SELECT j.job_key, j.claim FROM replay_unfinished u JOIN replay_jobs j ON j.job_key = u.job_key
       WHERE NOT EXISTS (SELECT 1 FROM replay_verdicts v WHERE v.job_key = u.job_key) ORDER BY j.block_number, j.job_key LIMIT $1`,
      [limit],
    );
    return result.rows.map((r) => ({ jobKey: r.job_key, claim: deserializeClaim(r.claim) }));
  }

  /** The highest block of the jobs a requester created: where a follower resumes. */
  async lastEnqueuedBlock(requestedBy: string): Promise<bigint | undefined> {
    const r = await this.pool.query<{ b: string | null }>("SELECT max(block_number)::text AS b FROM replay_jobs WHERE requested_by = $1", [requestedBy]);
    return r.rows[0]?.b ? BigInt(r.rows[0].b) : undefined;
  }

  async markRequeued(jobKeys: readonly string[]): Promise<void> {
    if (jobKeys.length > 0) await this.pool.query("UPDATE replay_jobs SET requeues = requeues + 1 WHERE job_key = ANY($1)", [jobKeys]);
  }

  /** Jobs, verdicts and verdicts by kind, optionally for the given job keys only. */
  async counts(jobKeys?: readonly string[]): Promise<VerdictCounts> {
    const filter = jobKeys ? "WHERE job_key = ANY($1)" : "";
    const params = jobKeys ? [jobKeys] : [];
    const jobs = await this.pool.query<{ n: string }>(`SELECT count(*) AS n FROM replay_jobs ${filter}`, params);
    const rows = await this.pool.query<{ verdict: VerdictKind; n: string }>(`SELECT verdict, count(*) AS n FROM replay_verdicts ${filter} GROUP BY verdict`, params);
    const byVerdict: Partial<Record<VerdictKind, number>> = {};
    let verdicts = 0;
    for (const r of rows.rows) {
      byVerdict[r.verdict] = Number(r.n);
      verdicts += Number(r.n);
    }
    return { jobs: Number(jobs.rows[0]!.n), verdicts, byVerdict };
  }

  async verdicts(): Promise<StoredVerdict[]> {
    const result = await this.pool.query<StoredVerdictRow>(
      `SELECT job_key, inference_id, model_id, method_id, verdict, reason_code, reason, output_match, claimed_weights, observed_weights,
              largest_deviation_ppm, weight_tolerance_ppm, l1_deviation_ppm, l1_tolerance_ppm, failed_rules, execution_provider
       FROM replay_verdicts ORDER BY inference_id`,
    );
    return result.rows.map(storedVerdict);
  }

  async close(): Promise<void> {
    if (this.ownsPool) await this.pool.end();
  }
}
