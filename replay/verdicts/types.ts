/** A verdict on one claim, with the evidence a reader needs to check it. */
import type { Hex } from "viem";
import type { Attribution } from "../../attribution/types.js";

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
  /** Stable, e.g. VERIFIED_EXACT, WEIGHTS_DEVIATION, INPUT_SHAPE_INVALID, WEIGHTS_HASH_MISMATCH. */
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
  largestDeviationPpm: number | null;
  weightTolerancePpm: number;
  executionProvider: string;
  /** Wall time of the claim's batch divided by its size. */
  runtimeMs: number;
  batchSize: number;
  workerVersion: string;
  verifiedAt: Date;
};
