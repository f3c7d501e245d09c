/** Inference: a recorded model call, its fee split, attribution claim, rewards, challenges, verdicts. */
import { asOfValue, wrap, wrapAll } from "./at.js";
import { EvidenceRef } from "./evidence.js";
import { AccountRef, AdapterRef, AttributionShareRef, ChallengeRef, FeeDistributionRef, InferenceRef, ModelRef, RewardRef, TrainingRunRef, VerificationRef } from "./refs.js";

InferenceRef.implement({
  description: "An inference recorded by the AttributionEngine, with its attribution claim and what was paid.",
  fields: (t) => ({
    id: t.field({ type: "BigInt", resolve: (i) => i.row.id }),
    model: t.field({ type: ModelRef, nullable: true, resolve: async (i) => { const m = await i.at.loaders.models.model.load(i.row.modelId); return m ? wrap(i.at, m) : null; } }),
    adapter: t.field({
      type: AdapterRef,
      nullable: true,
      description: "Null for the base run (adapter id 0).",
      resolve: async (i) => { const a = i.row.adapterId === 0n ? null : await i.at.loaders.models.adapter.load(i.row.adapterId); return a ? wrap(i.at, a) : null; },
    }),
    trainingRun: t.field({ type: TrainingRunRef, nullable: true, resolve: async (i) => { const r = await i.at.loaders.models.trainingRun.load(i.row.runId); return r ? wrap(i.at, r) : null; } }),
    caller: t.field({ type: AccountRef, resolve: (i) => ({ row: { address: i.row.caller }, at: i.at }) }),
    inputHash: t.field({ type: "Hex", resolve: (i) => i.row.inputHash }),
    outputHash: t.field({ type: "Hex", resolve: (i) => i.row.outputHash }),
    fee: t.field({ type: "BigInt", resolve: (i) => i.row.fee }),
    methodId: t.int({
      nullable: true,
      description: "Attribution method of its AttributionRecorded (null before one is recorded).",
      resolve: (i) => asOfValue(i, (r) => r.methodId, async () => (await i.at.loaders.attribution.attributionsByInference.load(i.row.id)).at(-1)?.methodId ?? null),
    }),
    feeSplit: t.field({
      type: FeeDistributionRef,
      nullable: true,
      description: "Its FeeDistributed: protocol, model owner and contributors' amounts.",
      resolve: async (i) => { const f = (await i.at.loaders.attribution.feesByInference.load(i.row.id)).at(-1); return f ? wrap(i.at, f) : null; },
    }),
    attributionShares: t.field({
      type: [AttributionShareRef],
      description: "The claimed contributions and weights (ppm), in claim order.",
      resolve: async (i) => wrapAll(i.at, [...(await i.at.loaders.attribution.sharesByInference.load(i.row.id))].sort((a, b) => a.position - b.position)),
    }),
    rewards: t.field({ type: [RewardRef], resolve: async (i) => wrapAll(i.at, await i.at.loaders.attribution.rewardsByInference.load(i.row.id)) }),
    challenges: t.field({ type: [ChallengeRef], resolve: async (i) => wrapAll(i.at, await i.at.loaders.attribution.challengesByInference.load(i.row.id)) }),
    challengeCount: t.int({ resolve: (i) => asOfValue(i, (r) => r.challengeCount, async () => (await i.at.loaders.attribution.challengesByInference.load(i.row.id)).length) }),
    verifications: t.field({
      type: [VerificationRef],
      nullable: true,
      description: "Replay verdicts on this claim, oldest first; null when no verdict store is reachable.",
      resolve: async (i, _args, ctx) => {
        const reader = await ctx.services.verdicts?.();
        if (!reader) return null;
        return wrapAll(i.at, await reader.verdictsForInferences([i.row.id]));
      },
    }),
    evidence: t.field({ type: EvidenceRef, description: "InferenceRecorded.", resolve: (i) => i.row }),
  }),
});
