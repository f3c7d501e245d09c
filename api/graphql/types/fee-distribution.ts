/** FeeDistribution: how an inference's fee was split. */
import { wrap } from "./at.js";
import { EvidenceRef } from "./evidence.js";
import { AccountRef, FeeDistributionRef, InferenceRef } from "./refs.js";

FeeDistributionRef.implement({
  description: "A FeeDistributed: the protocol's, the model owner's and the contributors' parts of a fee.",
  fields: (t) => ({
    modelOwner: t.field({ type: AccountRef, resolve: (f) => ({ row: { address: f.row.modelOwner }, at: f.at }) }),
    protocolAmount: t.field({ type: "BigInt", resolve: (f) => f.row.protocolAmount }),
    modelOwnerAmount: t.field({ type: "BigInt", resolve: (f) => f.row.modelOwnerAmount }),
    contributorsAmount: t.field({ type: "BigInt", resolve: (f) => f.row.contributorsAmount }),
    inference: t.field({ type: InferenceRef, resolve: async (f) => wrap(f.at, (await f.at.loaders.attribution.inference.load(f.row.inferenceId))!) }),
    evidence: t.field({ type: EvidenceRef, resolve: (f) => f.row }),
  }),
});
