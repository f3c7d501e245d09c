/**
 * Verdicts read back whole, as the worker wrote them (every evidence column typed again: weights,
 * deviations, failed rules, hashes, runtime), for readers that serve them one by one: the
 * GraphQL Verification type and the `verdicts` subscription. Plain SQL over any Queryable, so
 * the embedded PGlite and a Postgres server read the same way.
 */
import type { Hex } from "viem";
import type { Queryable } from "../../core/sql/queryable.js";
import type { RuleFailure } from "../../attribution/attribution-rules.js";
import type { OutputMatch, Verdict, VerdictKind } from "./types.js";

type WeightsJson = { contributionIds: string[]; weightsPpm: number[] };
type RuleFailureJson = Omit<RuleFailure, "contributionIds" | "deviations"> & { contributionIds: string[]; deviations: { contributionId: string; claimedPpm: number; observedPpm: number }[] };

type VerdictRow = {
  seq: string; job_key: string; chain_id: number; inference_id: string; claim_hash: string; model_id: string; adapter_id: string; run_id: string;
  method_id: number; block_number: string; verdict: VerdictKind; reason_code: string; reason: string; claimed_output_hash: string;
  observed_output_hash: string | null; output_match: OutputMatch | null; output_max_abs_diff: number | null; output_tolerance: number;
  claimed_weights: WeightsJson | string; observed_weights: WeightsJson | string | null; largest_deviation_ppm: number | null;
  weight_tolerance_ppm: number; execution_provider: string; runtime_ms: number; batch_size: number; worker_version: string;
  verified_at: Date | string; l1_deviation_ppm: number | null; l1_tolerance_ppm: number | null; failed_rules: RuleFailureJson[] | string;
};

/** A verdict with its place in the order verdicts were written (the subscription's cursor). */
export type SequencedVerdict = Verdict & { seq: bigint };

const json = <T>(v: T | string): T => (typeof v === "string" ? (JSON.parse(v) as T) : v);
const weights = (w: WeightsJson) => ({ contributionIds: w.contributionIds.map(BigInt), weightsPpm: w.weightsPpm });

function decode(r: VerdictRow): SequencedVerdict {
  return {
    seq: BigInt(r.seq),
    jobKey: r.job_key,
    chainId: r.chain_id,
    inferenceId: BigInt(r.inference_id),
    claimHash: r.claim_hash as Hex,
    modelId: BigInt(r.model_id),
    adapterId: BigInt(r.adapter_id),
    runId: BigInt(r.run_id),
    methodId: r.method_id,
    blockNumber: BigInt(r.block_number),
    verdict: r.verdict,
    reasonCode: r.reason_code,
    reason: r.reason,
    claimedOutputHash: r.claimed_output_hash as Hex,
    observedOutputHash: r.observed_output_hash as Hex | null,
    outputMatch: r.output_match,
    outputMaxAbsDiff: r.output_max_abs_diff,
    outputTolerance: r.output_tolerance,
    claimed: weights(json(r.claimed_weights)),
    observed: r.observed_weights === null ? null : weights(json(r.observed_weights)),
    largestDeviationPpm: r.largest_deviation_ppm,
    weightTolerancePpm: r.weight_tolerance_ppm,
    l1DeviationPpm: r.l1_deviation_ppm,
    // Verdicts written before the L1 rule existed carry none; 0 reads as "no L1 bound applied".
    l1TolerancePpm: r.l1_tolerance_ppm ?? 0,
    failedRules: json(r.failed_rules).map((f) => ({
      ...f,
      contributionIds: f.contributionIds.map(BigInt),
      deviations: f.deviations.map((d) => ({ ...d, contributionId: BigInt(d.contributionId) })),
    })),
    executionProvider: r.execution_provider,
    runtimeMs: r.runtime_ms,
    batchSize: r.batch_size,
    workerVersion: r.worker_version,
    verifiedAt: r.verified_at instanceof Date ? r.verified_at : new Date(r.verified_at),
  };
}

const COLUMNS = `seq::text AS seq, job_key, chain_id, inference_id::text AS inference_id, claim_hash, model_id::text AS model_id, adapter_id::text AS adapter_id,
  run_id::text AS run_id, method_id, block_number::text AS block_number, verdict, reason_code, reason, claimed_output_hash, observed_output_hash,
  output_match, output_max_abs_diff, output_tolerance, claimed_weights, observed_weights, largest_deviation_ppm, weight_tolerance_ppm,
  execution_provider, runtime_ms, batch_size, worker_version, verified_at, l1_deviation_ppm, l1_tolerance_ppm, failed_rules`;

/** Every verdict on the given inferences, oldest written first. */
export async function readVerdictsForInferences(db: Queryable, inferenceIds: readonly bigint[]): Promise<SequencedVerdict[]> {
  if (inferenceIds.length === 0) return [];
  const result = await db.query<VerdictRow>(`SELECT ${COLUMNS} FROM replay_verdicts WHERE inference_id = ANY($1::numeric[]) ORDER BY seq`, [inferenceIds.map(String)]);
  return result.rows.map(decode);
}

export type VerdictFollowFilter = { modelId?: bigint; flaggedOnly?: boolean };

/** Verdicts written after `afterSeq`, in the order written, at most `limit`. */
export async function readVerdictsAfter(db: Queryable, afterSeq: bigint, filter: VerdictFollowFilter, limit: number): Promise<SequencedVerdict[]> {
  const params: unknown[] = [afterSeq.toString(), limit];
  const where = ["seq > $1"];
  if (filter.modelId !== undefined) {
    params.push(filter.modelId.toString());
    where.push(`model_id = $${params.length}::numeric`);
  }
  if (filter.flaggedOnly) where.push("verdict <> 'verified'");
  const result = await db.query<VerdictRow>(`SELECT ${COLUMNS} FROM replay_verdicts WHERE ${where.join(" AND ")} ORDER BY seq LIMIT $2`, params);
  return result.rows.map(decode);
}

/** The last verdict written so far (0 before any): where a follower starts. */
export async function lastVerdictSeq(db: Queryable): Promise<bigint> {
  const result = await db.query<{ s: string | null }>("SELECT max(seq)::text AS s FROM replay_verdicts");
  return BigInt(result.rows[0]?.s ?? "0");
}

/** Jobs recorded without a verdict yet. */
export async function countUnfinishedJobs(db: Queryable): Promise<number> {
  // replay_unfinished may hold a row whose verdict was written by an older version: checked here.
  const result = await db.query<{ n: string }>(
    "SELECT count(*)::text AS n FROM replay_unfinished u WHERE NOT EXISTS (SELECT 1 FROM replay_verdicts v WHERE v.job_key = u.job_key)",
  );
  return Number(result.rows[0]?.n ?? 0);
}
