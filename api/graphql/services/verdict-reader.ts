/** What the API reads of the replay worker's verdicts: an optional service (replay/verdicts/). */
import type { Verdict } from "../../../replay/verdicts/types.js";

/** A stored verdict with its evidence, as the Verification type exposes it. */
export type VerificationRecord = Omit<Verdict, "verifiedAt"> & { verifiedAt: Date };

export type VerdictReader = {
  /** Every verdict on the given inferences (a claim may be verified more than once). */
  verdictsForInferences(inferenceIds: readonly bigint[]): Promise<VerificationRecord[]>;
  /** Jobs recorded without a verdict yet. */
  backlog(): Promise<number>;
};
