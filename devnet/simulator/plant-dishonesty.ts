/**
 * Makes one honest inference's claim dishonest in the planned way: reshapes its attribution,
 * or replaces its output (an edited answer, another model's answer, the base model's answer
 * where an adapter was declared). Seeded: the same random stream gives the same plant. A kind
 * that cannot apply to this claim falls back to swapping the top contribution.
 */
import { keccak256, type Hex } from "viem";
import type { ArtifactStore } from "../../artifacts/store.js";
import type { SeededRandom } from "../../core/random.js";
import type { LoraAdapter } from "../../model/adapter.js";
import { encodeOutput, type InferenceOutput } from "../../model/io.js";
import type { ModelSession } from "../../model/session.js";
import { attribute, ATTRIBUTION_METHOD_IDS, type Attribution } from "../../attribution/index.js";
import { checkAttribution, DEFAULT_ATTRIBUTION_TOLERANCES } from "../../attribution/attribution-rules.js";
import { carveFor, shiftManySmall, shiftWeight, shuffleWeights, swapContribution } from "./dishonesty.js";
import type { DishonestKind } from "./ground-truth.js";
import type { World } from "./world.js";

export type HonestInference = {
  runId: bigint;
  adapterId: bigint;
  methodId: number;
  features: Float32Array;
  output: InferenceOutput;
  outputHash: Hex;
  attribution: Attribution;
  session: ModelSession;
  adapter: LoraAdapter | undefined;
};

export type PlantContext = {
  world: World;
  store: ArtifactStore;
  random: SeededRandom;
  /** The model session of a run (cached by the caller). */
  session: (runId: bigint) => Promise<ModelSession>;
  isEligible: (contributionId: bigint) => boolean;
};

export type Plant = { kind: DishonestKind; claimed: Attribution; outputHash: Hex };

const TOLERANCE = DEFAULT_ATTRIBUTION_TOLERANCES.perContributionPpm;

export async function plantDishonesty(kind: DishonestKind, honest: HonestInference, ctx: PlantContext): Promise<Plant> {
  const adversarial = await plantAdversarial(kind, honest, ctx);
  if (adversarial) return adversarial;
  let k: DishonestKind = kind === "weights_shuffled" || kind === "output_altered" ? kind : "contribution_swapped";
  let claimed = honest.attribution;
  let outputHash = honest.outputHash;
  if (k === "weights_shuffled") {
    const shuffled = shuffleWeights(honest.attribution, ctx.random);
    if (shuffled) claimed = shuffled;
    else k = "contribution_swapped";
  }
  if (k === "contribution_swapped") {
    const pool = ctx.world.activeAccepted().map((c) => c.id);
    claimed = swapContribution(honest.attribution, pool, ctx.random) ?? honest.attribution;
  }
  if (k === "output_altered") {
    // A plausible but wrong answer: another run's text and a perturbed embedding.
    const embedding = honest.output.embedding.map((v) => v + (ctx.random.next() - 0.5) * 0.2);
    outputHash = await ctx.store.put(encodeOutput({ ...honest.output, embedding, text: `${honest.output.text} (edited)` }));
  }
  return { kind: k, claimed, outputHash };
}

async function plantAdversarial(kind: DishonestKind, honest: HonestInference, ctx: PlantContext): Promise<Plant | undefined> {
  const a = honest.attribution;
  const reshaped = (claimed: Attribution | undefined) => (claimed ? { kind, claimed, outputHash: honest.outputHash } : undefined);
  switch (kind) {
    case "weights_shifted":
      return reshaped(shiftWeight(a, 0, 1, Math.round(TOLERANCE * 1.5)));
    case "weights_shifted_many":
      return reshaped(shiftManySmall(a, Math.round(TOLERANCE * 0.9)));
    case "contribution_outside_training": {
      const training = new Set(ctx.world.runs.get(honest.runId)!.training.contributions.map((c) => c.contributionId));
      const outside = ctx.world.activeAccepted().filter((c) => !training.has(c.id));
      return outside.length === 0 ? undefined : reshaped(carveFor(a, [ctx.random.pick(outside).id], TOLERANCE));
    }
    case "output_other_model":
      return otherModelsOutput(honest, ctx);
    case "method_swapped":
      return otherMethodsWeights(honest, ctx);
    default:
      return undefined;
  }
}

/** The base model's answer where an adapter was declared; otherwise another run's model's. */
async function otherModelsOutput(honest: HonestInference, ctx: PlantContext): Promise<Plant | undefined> {
  let output: InferenceOutput;
  if (honest.adapterId !== 0n) {
    output = (await honest.session.run([honest.features]))[0]!;
  } else {
    const others = [...ctx.world.runs.keys()].filter((id) => id !== honest.runId).sort((x, y) => (x < y ? -1 : 1));
    if (others.length === 0) return undefined;
    output = (await (await ctx.session(ctx.random.pick(others))).run([honest.features]))[0]!;
  }
  const bytes = encodeOutput(output);
  if (keccak256(bytes) === honest.outputHash) return undefined;
  return { kind: "output_other_model", claimed: honest.attribution, outputHash: await ctx.store.put(bytes) };
}

/** The other method's weights over the same output, declared under the claim's method. */
async function otherMethodsWeights(honest: HonestInference, ctx: PlantContext): Promise<Plant | undefined> {
  const { embeddingSimilarity, spanMatching } = ATTRIBUTION_METHOD_IDS;
  const training = ctx.world.runs.get(honest.runId)!.training;
  const claimed = await attribute({
    methodId: honest.methodId === embeddingSimilarity ? spanMatching : embeddingSimilarity,
    output: honest.output,
    training,
    session: honest.session,
    adapterKey: honest.adapterId.toString(),
    adapter: honest.adapter,
    isEligible: ctx.isEligible,
  });
  // Only a claim the verifier can tell apart: the two methods sometimes agree.
  const trainingSet = new Set(training.contributions.map((c) => c.contributionId));
  const check = checkAttribution(claimed, honest.attribution, { trainingSet, withdrawnBeforeClaim: (id) => !ctx.isEligible(id) }, DEFAULT_ATTRIBUTION_TOLERANCES);
  return check.failures.length === 0 ? undefined : { kind: "method_swapped", claimed, outputHash: honest.outputHash };
}
