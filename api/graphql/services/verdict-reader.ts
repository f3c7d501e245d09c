/** What the API reads of the replay worker's verdicts: an optional service (replay/verdicts/). */
import type { Verdict } from "../../../replay/verdicts/types.js";

/** A stored verdict with its evidence, as the Verification type exposes it. */
export type VerificationRecord = Omit<Verdict, "verifiedAt"> & { verifiedAt: Date };

/** A verdict with its place in the order verdicts were written: the subscription's cursor. */
export type SequencedVerification = VerificationRecord & { seq: bigint };

export type VerdictFollowFilter = { modelId?: bigint; flaggedOnly?: boolean };

export type VerdictReader = {
  /** Every verdict on the given inferences (a claim may be verified more than once). */
  verdictsForInferences(inferenceIds: readonly bigint[]): Promise<VerificationRecord[]>;
  /** Jobs recorded without a verdict yet. */
  backlog(): Promise<number>;
  /** The last verdict written so far (0 before any): where a subscription starts. */
  lastSeq(): Promise<bigint>;
  /** Verdicts written after `afterSeq` that match, in the order written, at most `limit`. */
  verdictsAfter(afterSeq: bigint, filter: VerdictFollowFilter, limit: number): Promise<SequencedVerification[]>;
};
