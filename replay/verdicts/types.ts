/** A verdict on one claim, with the evidence a reader needs to check it. */
import type { Hex } from "viem";
import type { Attribution } from "../../attribution/types.js";
import type { RuleFailure } from "../../attribution/attribution-rules.js";

export { VERDICT_KINDS, type VerdictKind } from "../../schema/statuses.js";
import type { VerdictKind } from "../../schema/statuses.js";

export type OutputMatch = "exact" | "within_tolerance" | "mismatch";

export type Verdict = {
  jobKey: string;
  chainId: number;
  inferenceId: bigint;
  claimHash: Hex;
  modelId: bigint;
  adapterId: bigint;
  runId: bigint;
  methodId: number;
  blockNumber: bigint;
  verdict: VerdictKind;
  /**
   * Stable, e.g. VERIFIED_EXACT, CONTRIBUTION_OUTSIDE_TRAINING_SET, WEIGHTS_L1_DEVIATION,
   * INPUT_SHAPE_INVALID, WEIGHTS_HASH_MISMATCH; for attribution_mismatch, the first failed rule.
   */
  reasonCode: string;
  reason: string;
  claimedOutputHash: Hex;
  observedOutputHash: Hex | null;
  outputMatch: OutputMatch | null;
  /** Largest absolute difference of an output embedding value (when the bytes differ). */
  outputMaxAbsDiff: number | null;
  outputTolerance: number;
  claimed: Attribution;
  observed: Attribution | null;
  /** Largest |claimed − recomputed| of one contribution, in ppm. */
  largestDeviationPpm: number | null;
  /** The per-contribution tolerance, in ppm. */
  weightTolerancePpm: number;
  /** Sum over the union of ids of |claimed − recomputed|, in ppm. */
  l1DeviationPpm: number | null;
  l1TolerancePpm: number;
  /** Every attribution rule that failed, with the offending ids and their figures; empty otherwise. */
  failedRules: RuleFailure[];
  executionProvider: string;
  /** Wall time of the claim's batch divided by its size. */
  runtimeMs: number;
  batchSize: number;
  workerVersion: string;
  verifiedAt: Date;
};
