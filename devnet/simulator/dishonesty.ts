/**
 * Shapes an honest attribution into a dishonest one (pure). The classic shapes are material
 * (well past any tolerance); the adversarial ones sit just where one verifier rule, and only
 * it, catches them. Where a shape cannot apply to a claim, the planter falls back to swapping
 * its top contribution, which always is material.
 */
import { largestWeightDeviation, type Attribution } from "../../attribution/index.js";
import type { SeededRandom } from "../../core/random.js";
import { CLASSIC_DISHONEST_KINDS, type DishonestKind } from "./ground-truth.js";

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

export function pickDishonestKind(index: number, kinds: readonly DishonestKind[] = CLASSIC_DISHONEST_KINDS): DishonestKind {
  return kinds[index % kinds.length]!;
}

/** Moves `ppm` of weight from the contribution at `from` to the one at `to`. */
export function shiftWeight(honest: Attribution, from: number, to: number, ppm: number): Attribution | undefined {
  if (from === to || (honest.weightsPpm[from] ?? 0) < ppm || to >= honest.contributionIds.length) return undefined;
  const weightsPpm = [...honest.weightsPpm];
  weightsPpm[from]! -= ppm;
  weightsPpm[to]! += ppm;
  return { contributionIds: honest.contributionIds, weightsPpm };
}

/**
 * Many small shifts: `ppm` up and down alternately over the first even number of contributions
 * (at least four, so that the total moved passes an L1 bound of twice `ppm`).
 */
export function shiftManySmall(honest: Attribution, ppm: number): Attribution | undefined {
  const n = honest.contributionIds.length - (honest.contributionIds.length % 2);
  if (n < 4) return undefined;
  const weightsPpm = honest.weightsPpm.map((w, i) => (i >= n ? w : i % 2 === 0 ? w + ppm : w - ppm));
  return weightsPpm.every((w) => w >= 0) ? { contributionIds: honest.contributionIds, weightsPpm } : undefined;
}

/**
 * Adds contributions at `ppm` each, the k-th taking its weight from the k-th honest one (round
 * robin), so that no single honest weight moves by more than `ppm` per added contribution.
 */
export function carveFor(honest: Attribution, added: readonly bigint[], ppm: number): Attribution | undefined {
  if (added.length === 0 || honest.contributionIds.length === 0) return undefined;
  const weightsPpm = [...honest.weightsPpm];
  added.forEach((_, k) => (weightsPpm[k % weightsPpm.length]! -= ppm));
  if (weightsPpm.some((w) => w < 0)) return undefined;
  return { contributionIds: [...honest.contributionIds, ...added], weightsPpm: [...weightsPpm, ...added.map(() => ppm)] };
}
