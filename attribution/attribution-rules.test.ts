import { test } from "node:test";
import assert from "node:assert/strict";
import { checkAttribution, DEFAULT_ATTRIBUTION_TOLERANCES, type AttributionContext } from "./attribution-rules.js";

const honest = { contributionIds: [1n, 2n, 3n, 4n, 5n], weightsPpm: [400_000, 250_000, 150_000, 120_000, 80_000] };
const context: AttributionContext = { trainingSet: new Set([1n, 2n, 3n, 4n, 5n, 6n, 7n]), withdrawnBeforeClaim: (id) => id === 7n };
const check = (contributionIds: bigint[], weightsPpm: number[]) => checkAttribution({ contributionIds, weightsPpm }, honest, context, DEFAULT_ATTRIBUTION_TOLERANCES);
const rules = (r: ReturnType<typeof check>) => r.failures.map((f) => f.rule);

test("the honest attribution and rounding noise pass", () => {
  assert.deepEqual(check(honest.contributionIds, honest.weightsPpm), { failures: [], largestDeviationPpm: 0, l1DeviationPpm: 0 });
  const noisy = check(honest.contributionIds, [400_001, 249_999, 150_300, 119_700, 80_000]);
  assert.deepEqual(noisy, { failures: [], largestDeviationPpm: 300, l1DeviationPpm: 602 });
});

test("a contribution outside the training set is named even under every tolerance", () => {
  const r = check([1n, 2n, 3n, 4n, 5n, 99n], [399_500, 250_000, 150_000, 120_000, 80_000, 500]);
  assert.deepEqual(rules(r), ["CONTRIBUTION_OUTSIDE_TRAINING_SET"]);
  assert.deepEqual(r.failures[0]!.contributionIds, [99n]);
  assert.deepEqual(r.failures[0]!.deviations, [{ contributionId: 99n, claimedPpm: 500, observedPpm: 0 }]);
  assert.equal(r.l1DeviationPpm, 1000);
});

test("withdrawn, unsupported (weight > 0) and zero-weight extra ids", () => {
  assert.deepEqual(rules(check([1n, 2n, 3n, 4n, 5n, 7n], [399_500, 250_000, 150_000, 120_000, 80_000, 500])), ["CONTRIBUTION_WITHDRAWN"]);
  const unsupported = check([1n, 2n, 3n, 4n, 5n, 6n], [399_500, 250_000, 150_000, 120_000, 80_000, 500]);
  assert.deepEqual(rules(unsupported), ["CONTRIBUTION_NOT_IN_SUPPORT"]);
  assert.deepEqual(unsupported.failures[0]!.contributionIds, [6n]);
  assert.deepEqual(rules(check([1n, 2n, 3n, 4n, 5n, 6n], [...honest.weightsPpm, 0])), [], "a zero weight pays nothing");
});

test("one shift over the per-contribution bound, many shifts under it but over L1", () => {
  const one = check(honest.contributionIds, [401_500, 248_500, 150_000, 120_000, 80_000]);
  assert.deepEqual(rules(one), ["WEIGHTS_DEVIATION", "WEIGHTS_L1_DEVIATION"]);
  assert.deepEqual(one.failures[0]!.contributionIds, [1n, 2n]);
  const many = check(honest.contributionIds, [400_900, 249_100, 150_900, 119_100, 80_000]);
  assert.deepEqual(rules(many), ["WEIGHTS_L1_DEVIATION"]);
  assert.deepEqual([many.largestDeviationPpm, many.l1DeviationPpm], [900, 3600]);
  assert.deepEqual(many.failures[0]!.contributionIds, [1n, 2n, 3n, 4n]);
});

test("duplicated ids, a wrong sum and malformed weights", () => {
  const dup = check([1n, 2n, 3n, 4n, 5n, 5n], [400_000, 250_000, 150_000, 120_000, 40_000, 40_000]);
  assert.deepEqual(rules(dup), ["DUPLICATE_CONTRIBUTION"], "duplicates are added up for the deviation figures");
  assert.deepEqual(dup.failures[0]!.contributionIds, [5n]);
  assert.deepEqual(rules(check(honest.contributionIds, [400_000, 250_000, 150_000, 120_000, 78_000])), ["WEIGHTS_SUM_INVALID", "WEIGHTS_DEVIATION"]);
  assert.deepEqual(rules(check([1n, 2n], [1_000_000])).slice(0, 1), ["WEIGHTS_MALFORMED"]);
  assert.deepEqual(rules(check([], [])).slice(0, 1), ["WEIGHTS_MALFORMED"]);
});
