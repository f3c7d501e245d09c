/** AttributionShare: one contribution's weight in an inference's attribution claim. */
import { wrap } from "./at.js";
import { EvidenceRef } from "./evidence.js";
import { AttributionShareRef, ContributionRef, InferenceRef } from "./refs.js";

AttributionShareRef.implement({
  description: "A contribution named by an AttributionRecorded, with its weight in parts per million.",
  fields: (t) => ({
    weightPpm: t.int({ resolve: (s) => s.row.weightPpm }),
    position: t.int({ resolve: (s) => s.row.position }),
    methodId: t.int({ resolve: (s) => s.row.methodId }),
    contributionId: t.field({ type: "BigInt", resolve: (s) => s.row.contributionId }),
    contribution: t.field({ type: ContributionRef, nullable: true, resolve: async (s) => { const c = await s.at.loaders.datanets.contribution.load(s.row.contributionId); return c ? wrap(s.at, c) : null; } }),
    inference: t.field({ type: InferenceRef, resolve: async (s) => wrap(s.at, (await s.at.loaders.attribution.inference.load(s.row.inferenceId))!) }),
    evidence: t.field({ type: EvidenceRef, description: "AttributionRecorded.", resolve: (s) => s.row }),
  }),
});

