import { test } from "node:test";
import assert from "node:assert/strict";
import { compareAttributions, compareOutputs } from "./compare.js";

const out = (text: string, e: number[], idx = [1, 2]) => ({ text, embedding: Float32Array.from(e), topScores: Float32Array.from([0.5, 0.4]), topIndices: idx });

test("outputs: equal within tolerance, text or chunks differ, or embedding too far", () => {
  assert.equal(compareOutputs(out("a", [0.1, 0.2]), out("a", [0.1, 0.20001]), 1e-4).match, "within_tolerance");
  assert.equal(compareOutputs(out("a", [0.1, 0.2]), out("a (edited)", [0.1, 0.2]), 1e-4).match, "mismatch");
  assert.equal(compareOutputs(out("a", [0.1, 0.2]), out("a", [0.1, 0.2], [2, 1]), 1e-4).match, "mismatch");
  assert.equal(compareOutputs(out("a", [0.1, 0.2]), out("a", [0.1, 0.3]), 1e-4).match, "mismatch");
  assert.equal(compareOutputs(out("a", [0.1, 0.2]), out("a", [0.1]), 1e-4).match, "mismatch");
});

test("attributions: deviation over the union of ids against the tolerance", () => {
  const claimed = { contributionIds: [1n, 2n], weightsPpm: [600_000, 400_000] };
  assert.deepEqual(compareAttributions(claimed, { contributionIds: [1n, 2n], weightsPpm: [600_500, 399_500] }, 1000), { deviationPpm: 500, withinTolerance: true });
  assert.deepEqual(compareAttributions(claimed, { contributionIds: [1n, 3n], weightsPpm: [600_000, 400_000] }, 1000), { deviationPpm: 400_000, withinTolerance: false });
});
