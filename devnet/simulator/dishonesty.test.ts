/** Each adversarial shape sits where one verifier rule, and only that one, catches it. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { checkAttribution, DEFAULT_ATTRIBUTION_TOLERANCES } from "../../attribution/attribution-rules.js";
import type { Attribution } from "../../attribution/index.js";
import { carveFor, shiftManySmall, shiftWeight } from "./dishonesty.js";

const honest: Attribution = { contributionIds: [1n, 2n, 3n, 4n, 5n], weightsPpm: [400_000, 250_000, 150_000, 120_000, 80_000] };
const trainingSet = new Set([1n, 2n, 3n, 4n, 5n, 6n]);
const rulesFailed = (claimed: Attribution | undefined) => {
  assert.ok(claimed, "the shape applies");
  assert.equal(claimed.weightsPpm.reduce((a, b) => a + b, 0), 1_000_000, "weights still sum to 1,000,000 (the contract checks)");
  return checkAttribution(claimed, honest, { trainingSet, withdrawnBeforeClaim: () => false }, DEFAULT_ATTRIBUTION_TOLERANCES).failures.map((f) => f.rule);
};

test("shapes and the one rule that catches each", () => {
  assert.deepEqual(rulesFailed(shiftWeight(honest, 0, 1, 400)), [], "noise-sized shift");
  assert.deepEqual(rulesFailed(shiftWeight(honest, 0, 1, 1500)), ["WEIGHTS_DEVIATION", "WEIGHTS_L1_DEVIATION"]);
  assert.deepEqual(rulesFailed(shiftManySmall(honest, 900)), ["WEIGHTS_L1_DEVIATION"]);
  assert.deepEqual(rulesFailed(carveFor(honest, [99n], 1000)), ["CONTRIBUTION_OUTSIDE_TRAINING_SET"]);
  assert.deepEqual(rulesFailed(carveFor(honest, [6n], 500)), ["CONTRIBUTION_NOT_IN_SUPPORT"]);
});

test("shapes that cannot apply say so", () => {
  const single: Attribution = { contributionIds: [1n], weightsPpm: [1_000_000] };
  assert.equal(shiftWeight(single, 0, 1, 1500), undefined);
  assert.equal(shiftManySmall({ contributionIds: [1n, 2n, 3n], weightsPpm: [500_000, 300_000, 200_000] }, 900), undefined);
  assert.equal(shiftManySmall({ contributionIds: [1n, 2n, 3n, 4n], weightsPpm: [997_000, 500, 2000, 500] }, 900), undefined, "no negative weight");
  assert.equal(carveFor(honest, [], 1000), undefined);
});
