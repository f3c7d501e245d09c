/** Verification: a replay verdict on an inference's claim, with the evidence the worker computed. */
import type { RuleFailure } from "../../../attribution/attribution-rules.js";
import { builder } from "../builder.js";
import { wrap } from "./at.js";
import { VerdictKindEnum } from "./enums.js";
import { InferenceRef, VerificationRef } from "./refs.js";

const WeightsRef = builder.objectRef<{ contributionIds: bigint[]; weightsPpm: number[] }>("AttributionWeights").implement({
  fields: (t) => ({
    contributionIds: t.field({ type: ["BigInt"], resolve: (w) => w.contributionIds }),
    weightsPpm: t.intList({ resolve: (w) => w.weightsPpm }),
  }),
});

const DeviationRef = builder.objectRef<{ contributionId: bigint; claimedPpm: number; observedPpm: number }>("WeightDeviation").implement({
  description: "One contribution's claimed weight against the weight the worker recomputed.",
  fields: (t) => ({
    contributionId: t.field({ type: "BigInt", resolve: (d) => d.contributionId }),
    claimedPpm: t.exposeInt("claimedPpm"),
    observedPpm: t.exposeInt("observedPpm"),
  }),
});

const RuleFailureRef = builder.objectRef<RuleFailure>("AttributionRuleFailure").implement({
  description: "An attribution rule the claim broke, with the offending contributions and their figures.",
  fields: (t) => ({
    rule: t.string({ description: "Stable, e.g. CONTRIBUTION_OUTSIDE_TRAINING_SET, WEIGHTS_L1_DEVIATION.", resolve: (f) => f.rule }),
    contributionIds: t.field({ type: ["BigInt"], resolve: (f) => f.contributionIds }),
    deviations: t.field({ type: [DeviationRef], resolve: (f) => f.deviations }),
    message: t.exposeString("message"),
  }),
});

VerificationRef.implement({
  description: "The replay worker's verdict on a claim: the model re-run on the stored input and the attribution recomputed.",
  fields: (t) => ({
    jobKey: t.string({ resolve: (v) => v.row.jobKey }),
    verdict: t.field({ type: VerdictKindEnum, resolve: (v) => v.row.verdict }),
    reasonCode: t.string({ resolve: (v) => v.row.reasonCode }),
    reason: t.string({ resolve: (v) => v.row.reason }),
    claimHash: t.field({ type: "Hex", resolve: (v) => v.row.claimHash }),
    claimedOutputHash: t.field({ type: "Hex", resolve: (v) => v.row.claimedOutputHash }),
    observedOutputHash: t.field({ type: "Hex", nullable: true, resolve: (v) => v.row.observedOutputHash }),
    outputMatch: t.string({ nullable: true, resolve: (v) => v.row.outputMatch }),
    outputMaxAbsDiff: t.float({ nullable: true, resolve: (v) => v.row.outputMaxAbsDiff }),
    outputTolerance: t.float({ resolve: (v) => v.row.outputTolerance }),
    claimed: t.field({ type: WeightsRef, resolve: (v) => v.row.claimed }),
    observed: t.field({ type: WeightsRef, nullable: true, resolve: (v) => v.row.observed }),
    largestDeviationPpm: t.int({ nullable: true, resolve: (v) => v.row.largestDeviationPpm }),
    weightTolerancePpm: t.int({ resolve: (v) => v.row.weightTolerancePpm }),
    l1DeviationPpm: t.int({ nullable: true, description: "Sum over every contribution of |claimed - recomputed|, ppm.", resolve: (v) => v.row.l1DeviationPpm }),
    l1TolerancePpm: t.int({ resolve: (v) => v.row.l1TolerancePpm }),
    failedRules: t.field({ type: [RuleFailureRef], description: "Every attribution rule that failed; empty for a verified claim.", resolve: (v) => v.row.failedRules }),
    flagged: t.boolean({ description: "The verdict is not `verified`.", resolve: (v) => v.row.verdict !== "verified" }),
    executionProvider: t.string({ resolve: (v) => v.row.executionProvider }),
    runtimeMs: t.float({ resolve: (v) => v.row.runtimeMs }),
    workerVersion: t.string({ resolve: (v) => v.row.workerVersion }),
    verifiedAt: t.string({ description: "ISO 8601.", resolve: (v) => v.row.verifiedAt.toISOString() }),
    inference: t.field({ type: InferenceRef, nullable: true, resolve: async (v) => { const i = await v.at.loaders.attribution.inference.load(v.row.inferenceId); return i ? wrap(v.at, i) : null; } }),
  }),
});
