/**
 * The rules a claimed attribution must pass to be `verified`, as pure logic. Every rule is
 * evaluated (not only the first to fail), so that the verdict names every offending
 * contribution; the verdict's reason code is the first failure in RULE_ORDER.
 *
 * Why each rule exists (each closes a way to pay non-contributors under a clean verdict):
 * - a deviation bound alone lets a claim carve up to the tolerance for ids that the method can
 *   never produce, so membership (training set, eligibility, recomputed support) is exact;
 * - a per-contribution bound alone lets many small shifts add up, so the total (L1) is bounded;
 * - duplicated ids and weights that do not sum to 1,000,000 are refused by the contract, but a
 *   claim can reach the worker from other sources (the indexer's tables), so they are re-checked.
 */
import { PPM, type Attribution } from "./types.js";

/** Stable reason codes of attribution rules, in the order a verdict reports them. */
export const RULE_ORDER = [
  "WEIGHTS_MALFORMED",
  "DUPLICATE_CONTRIBUTION",
  "WEIGHTS_SUM_INVALID",
  "CONTRIBUTION_OUTSIDE_TRAINING_SET",
  "CONTRIBUTION_WITHDRAWN",
  "CONTRIBUTION_NOT_IN_SUPPORT",
  "WEIGHTS_DEVIATION",
  "WEIGHTS_L1_DEVIATION",
] as const;
export type AttributionRule = (typeof RULE_ORDER)[number];

export type AttributionTolerances = {
  /** Largest allowed |claimed − recomputed| for any one contribution, in ppm. */
  perContributionPpm: number;
  /** Largest allowed sum over all contributions of |claimed − recomputed|, in ppm. */
  l1Ppm: number;
};

/**
 * Honest replays on another execution provider or batch shape differ by a few ppm (float noise
 * moves a rounding unit between contributions). 1,000 ppm per contribution, and an L1 of twice
 * that (one transfer of up to the per-contribution bound), leave room for that noise only.
 */
export const DEFAULT_ATTRIBUTION_TOLERANCES: AttributionTolerances = { perContributionPpm: 1000, l1Ppm: 2000 };

export type ContributionDeviation = { contributionId: bigint; claimedPpm: number; observedPpm: number };

export type RuleFailure = {
  rule: AttributionRule;
  /** The offending contributions (for WEIGHTS_MALFORMED and WEIGHTS_SUM_INVALID: all claimed). */
  contributionIds: bigint[];
  /** Claimed against recomputed weight of each offending contribution. */
  deviations: ContributionDeviation[];
  message: string;
};

export type AttributionCheck = {
  failures: RuleFailure[];
  /** Over the union of ids; claimed weights of a duplicated id are added up. */
  largestDeviationPpm: number;
  l1DeviationPpm: number;
};

export type AttributionContext = {
  /** The run's training data (the union of its datanet versions' manifests). */
  trainingSet: ReadonlySet<bigint>;
  /** True for a training contribution withdrawn before the claim (the method must skip it). */
  withdrawnBeforeClaim: (contributionId: bigint) => boolean;
};

function weightsById(a: Attribution): Map<bigint, number> {
  const m = new Map<bigint, number>();
  a.contributionIds.forEach((id, i) => m.set(id, (m.get(id) ?? 0) + (a.weightsPpm[i] ?? 0)));
  return m;
}

const list = (ids: readonly bigint[]) => ids.map(String).join(", ");

/** Checks a claimed attribution against the recomputed one; `failures` is empty when it holds. */
export function checkAttribution(claimed: Attribution, recomputed: Attribution, context: AttributionContext, tolerances: AttributionTolerances): AttributionCheck {
  const claimedW = weightsById(claimed);
  const observedW = weightsById(recomputed);
  const deviation = (id: bigint): ContributionDeviation => ({ contributionId: id, claimedPpm: claimedW.get(id) ?? 0, observedPpm: observedW.get(id) ?? 0 });
  const failures: RuleFailure[] = [];
  const fail = (rule: AttributionRule, ids: readonly bigint[], message: string) => {
    const unique = [...new Set(ids)];
    failures.push({ rule, contributionIds: unique, deviations: unique.map(deviation), message });
  };
  const claimedIds = [...new Set(claimed.contributionIds)];

  const badWeight = claimed.weightsPpm.some((w) => !Number.isInteger(w) || w < 0 || w > PPM);
  if (claimed.contributionIds.length === 0 || claimed.contributionIds.length !== claimed.weightsPpm.length || badWeight) {
    fail("WEIGHTS_MALFORMED", claimedIds, `the claim has ${claimed.contributionIds.length} ids and ${claimed.weightsPpm.length} weights${badWeight ? ", some not integers in 0..1,000,000 ppm" : ""}`);
  }
  const seen = new Set<bigint>();
  const duplicated = claimed.contributionIds.filter((id) => (seen.has(id) ? true : (seen.add(id), false)));
  if (duplicated.length > 0) fail("DUPLICATE_CONTRIBUTION", duplicated, `contributions claimed more than once: ${list([...new Set(duplicated)])}`);
  const sum = claimed.weightsPpm.reduce((a, b) => a + b, 0);
  if (sum !== PPM) fail("WEIGHTS_SUM_INVALID", claimedIds, `claimed weights sum to ${sum} ppm, not ${PPM}`);

  const outside = claimedIds.filter((id) => !context.trainingSet.has(id));
  if (outside.length > 0) fail("CONTRIBUTION_OUTSIDE_TRAINING_SET", outside, `contributions ${list(outside)} are not in the run's training data`);
  const withdrawn = claimedIds.filter((id) => context.trainingSet.has(id) && context.withdrawnBeforeClaim(id));
  if (withdrawn.length > 0) fail("CONTRIBUTION_WITHDRAWN", withdrawn, `contributions ${list(withdrawn)} were withdrawn before the inference`);
  // A weight of 0 pays nothing; float noise can drop a near-zero score from one side only.
  const unsupported = claimedIds.filter((id) => context.trainingSet.has(id) && !context.withdrawnBeforeClaim(id) && !observedW.has(id) && (claimedW.get(id) ?? 0) > 0);
  if (unsupported.length > 0) fail("CONTRIBUTION_NOT_IN_SUPPORT", unsupported, `contributions ${list(unsupported)} get no weight from the declared method`);

  let largestDeviationPpm = 0;
  let l1DeviationPpm = 0;
  const deviating: bigint[] = [];
  const overTolerance: bigint[] = [];
  for (const id of new Set([...claimedW.keys(), ...observedW.keys()])) {
    const d = Math.abs((claimedW.get(id) ?? 0) - (observedW.get(id) ?? 0));
    if (d > 0) deviating.push(id);
    if (d > tolerances.perContributionPpm) overTolerance.push(id);
    largestDeviationPpm = Math.max(largestDeviationPpm, d);
    l1DeviationPpm += d;
  }
  if (overTolerance.length > 0) {
    fail("WEIGHTS_DEVIATION", overTolerance, `largest weight deviation ${largestDeviationPpm} ppm exceeds ${tolerances.perContributionPpm} ppm (contributions ${list(overTolerance)})`);
  }
  if (l1DeviationPpm > tolerances.l1Ppm) {
    fail("WEIGHTS_L1_DEVIATION", deviating, `total weight deviation (L1) ${l1DeviationPpm} ppm exceeds ${tolerances.l1Ppm} ppm`);
  }
  return { failures, largestDeviationPpm, l1DeviationPpm };
}
