/** Reward: OPEN paid to a contributor for a contribution's share of an inference. */
import { wrap } from "./at.js";
import { EvidenceRef } from "./evidence.js";
import { AccountRef, ContributionRef, InferenceRef, ModelRef, RewardRef } from "./refs.js";

RewardRef.implement({
  description: "A RewardPaid.",
  fields: (t) => ({
    id: t.string({ resolve: (r) => r.row.id }),
    amount: t.field({ type: "BigInt", resolve: (r) => r.row.amount }),
    contributor: t.field({ type: AccountRef, resolve: (r) => ({ row: { address: r.row.contributor }, at: r.at }) }),
    contribution: t.field({ type: ContributionRef, nullable: true, resolve: async (r) => { const c = await r.at.loaders.datanets.contribution.load(r.row.contributionId); return c ? wrap(r.at, c) : null; } }),
    inference: t.field({ type: InferenceRef, nullable: true, resolve: async (r) => { const i = await r.at.loaders.attribution.inference.load(r.row.inferenceId); return i ? wrap(r.at, i) : null; } }),
    model: t.field({ type: ModelRef, nullable: true, resolve: async (r) => { const m = r.row.modelId === null ? null : await r.at.loaders.models.model.load(r.row.modelId); return m ? wrap(r.at, m) : null; } }),
    evidence: t.field({ type: EvidenceRef, resolve: (r) => r.row }),
  }),
});
