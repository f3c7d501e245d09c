/**
 * The simulator holds on other seeds than the tests' usual ones: every planned claim is
 * accepted by the contracts (seed "s3" once planned a claim on a model whose training data had
 * all been withdrawn, which the contract rightly refused).
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { readGroundTruth } from "../devnet/simulator/ground-truth.js";
import { startSimulatedDevnet } from "./_setup/simulated-devnet.js";

for (const seed of ["s3", "seed-7", "42"]) {
  test(`small simulation with seed ${seed} completes and plants every dishonest kind`, async () => {
    const env = await startSimulatedDevnet({ seed, scale: "small", dishonestShare: 0.1 });
    try {
      assert.ok(env.result.inferences >= 40, `${env.result.inferences} inferences`);
      const truth = await readGroundTruth(env.groundTruthPath);
      assert.equal(truth.dishonest.length, env.result.dishonest);
      assert.deepEqual(new Set(truth.dishonest.map((d) => d.kind)), new Set(["weights_shuffled", "contribution_swapped", "output_altered"]));
    } finally {
      await env.stop();
    }
  });
}
