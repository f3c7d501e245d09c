import { test } from "node:test";
import assert from "node:assert/strict";
import { compareOutputs } from "./compare.js";

const out = (text: string, e: number[], idx = [1, 2]) => ({ text, embedding: Float32Array.from(e), topScores: Float32Array.from([0.5, 0.4]), topIndices: idx });

test("outputs: equal within tolerance, text or chunks differ, or embedding too far", () => {
  assert.equal(compareOutputs(out("a", [0.1, 0.2]), out("a", [0.1, 0.20001]), 1e-4).match, "within_tolerance");
  assert.equal(compareOutputs(out("a", [0.1, 0.2]), out("a (edited)", [0.1, 0.2]), 1e-4).match, "mismatch");
  assert.equal(compareOutputs(out("a", [0.1, 0.2]), out("a", [0.1, 0.2], [2, 1]), 1e-4).match, "mismatch");
  assert.equal(compareOutputs(out("a", [0.1, 0.2]), out("a", [0.1, 0.3]), 1e-4).match, "mismatch");
  assert.equal(compareOutputs(out("a", [0.1, 0.2]), out("a", [0.1]), 1e-4).match, "mismatch");
});
