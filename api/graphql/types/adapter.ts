/** Adapter: an OpenLoRA adapter of a training run, and the inferences served through it. */
import { wrap, wrapAll } from "./at.js";
import { EvidenceRef } from "./evidence.js";
import { AdapterRef, InferenceRef, ModelRef, TrainingRunRef } from "./refs.js";

AdapterRef.implement({
  description: "An OpenLoRA adapter published for a training run.",
  fields: (t) => ({
    id: t.field({ type: "BigInt", resolve: (a) => a.row.id }),
    name: t.string({ resolve: (a) => a.row.name }),
    adapterHash: t.field({ type: "Hex", resolve: (a) => a.row.adapterHash }),
    model: t.field({ type: ModelRef, resolve: async (a) => wrap(a.at, (await a.at.loaders.models.model.load(a.row.modelId))!) }),
    trainingRun: t.field({ type: TrainingRunRef, nullable: true, resolve: async (a) => { const r = await a.at.loaders.models.trainingRun.load(a.row.runId); return r ? wrap(a.at, r) : null; } }),
    inferences: t.field({ type: [InferenceRef], resolve: async (a) => wrapAll(a.at, await a.at.loaders.attribution.inferencesByAdapter.load(a.row.id)) }),
    evidence: t.field({ type: EvidenceRef, description: "AdapterPublished.", resolve: (a) => a.row }),
  }),
});
