/**
 * Runs the attribution method a claim declares. The simulator uses it to produce honest claims
 * and the replay worker to recompute them, so both sides share one definition of each method.
 */
import { HubError } from "../core/errors.js";
import type { LoraAdapter } from "../model/adapter.js";
import type { InferenceOutput } from "../model/io.js";
import type { ModelSession } from "../model/session.js";
import { attributeByEmbeddingSimilarity } from "./embedding-similarity.js";
import { attributeBySpanMatching, spanMatchingFallback } from "./span-matching.js";
import type { TrainingSet } from "./training-set.js";
import { ATTRIBUTION_METHOD_IDS, type Attribution } from "./types.js";

export * from "./types.js";
export { largestWeightDeviation } from "./normalize-ppm.js";

export class UnknownAttributionMethodError extends HubError {
  constructor(methodId: number) {
    super("ATTRIBUTION_METHOD_UNKNOWN", `attribution method ${methodId} is not implemented`, {
      hint: `known methods: ${Object.entries(ATTRIBUTION_METHOD_IDS).map(([n, id]) => `${id} (${n})`).join(", ")}`,
    });
  }
}

export type AttributeParameters = {
  methodId: number;
  output: InferenceOutput;
  training: TrainingSet;
  session: ModelSession;
  adapterKey: string;
  adapter: LoraAdapter | undefined;
  /** False for contributions withdrawn before the inference: they may not be attributed. */
  isEligible: (contributionId: bigint) => boolean;
};

export async function attribute(p: AttributeParameters): Promise<Attribution> {
  if (p.methodId === ATTRIBUTION_METHOD_IDS.embeddingSimilarity) {
    const embedded = await p.training.embedded(p.session, p.adapterKey, p.adapter);
    return attributeByEmbeddingSimilarity(p.output.embedding, embedded.filter((c) => p.isEligible(c.contributionId)));
  }
  if (p.methodId === ATTRIBUTION_METHOD_IDS.spanMatching) {
    const result = attributeBySpanMatching(p.output.text, p.training.spans(), p.isEligible);
    if (result.contributionIds.length > 0) return result;
    return spanMatchingFallback(p.training.contributions.map((c) => c.contributionId).filter(p.isEligible));
  }
  throw new UnknownAttributionMethodError(p.methodId);
}
