/**
 * Turns an honest claim into a dishonest one of a given kind. Each change is material (well
 * past any verification tolerance); a kind that cannot be material for this claim falls back
 * to swapping its top contribution, which always is.
 */
import { largestWeightDeviation, type Attribution } from "../../attribution/index.js";
import type { SeededRandom } from "../../core/random.js";
import type { DishonestKind } from "./ground-truth.js";

export const MATERIAL_DEVIATION_PPM = 20_000;

export function shuffleWeights(honest: Attribution, random: SeededRandom): Attribution | undefined {
  if (honest.contributionIds.length < 2) return undefined;
  for (let attempt = 0; attempt < 8; attempt++) {
    const weights = random.shuffle(honest.weightsPpm);
    const claimed = { contributionIds: honest.contributionIds, weightsPpm: weights };
    if (largestWeightDeviation(honest, claimed) >= MATERIAL_DEVIATION_PPM) return claimed;
  }
  // Reversing moves the largest weight onto the smallest: material unless all are equal.
  const reversed = { contributionIds: honest.contributionIds, weightsPpm: [...honest.weightsPpm].reverse() };
  return largestWeightDeviation(honest, reversed) >= MATERIAL_DEVIATION_PPM ? reversed : undefined;
}

/** Replaces the top-weighted contribution with another attributable one not in the claim. */
export function swapContribution(honest: Attribution, replacements: readonly bigint[], random: SeededRandom): Attribution | undefined {
  const outside = replacements.filter((id) => !honest.contributionIds.includes(id));
  if (outside.length === 0) return undefined;
  const ids = [...honest.contributionIds];
  ids[0] = random.pick(outside);
  return { contributionIds: ids, weightsPpm: honest.weightsPpm };
}

export function pickDishonestKind(index: number): DishonestKind {
  const kinds: DishonestKind[] = ["weights_shuffled", "contribution_swapped", "output_altered"];
  return kinds[index % kinds.length]!;
}
