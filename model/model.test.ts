import assert from "node:assert/strict";
import { test } from "node:test";
import { trainAdapter, decodeAdapter, encodeAdapter } from "./adapter.js";
import { featurize } from "./featurize.js";
import { decodeInput, decodeOutput, encodeInput, encodeOutput } from "./io.js";
import { ModelSession } from "./session.js";
import { MODEL_SPEC } from "./spec.js";
import { trainModel } from "./train.js";

const examples = [
  "Patients receiving metformin showed a marked reduction in HbA1c after 12 weeks of treatment.",
  "Contract law requires offer, acceptance and consideration to form a binding agreement.",
  "Solar capacity in northern Europe grew by 12 percent while coal output declined.",
].map((text, i) => ({ contributionId: BigInt(i + 1), text }));

test("training is deterministic and the ONNX graph runs in onnxruntime-node", async () => {
  const a = trainModel({ seed: "s", examples });
  const b = trainModel({ seed: "s", examples: [...examples].reverse() });
  assert.deepEqual(a.onnx, b.onnx, "same seed and training set give the same bytes");
  assert.notDeepEqual(trainModel({ seed: "t", examples }).onnx, a.onnx);

  const session = await ModelSession.load(a.onnx);
  const [out] = await session.run([featurize("What happened to HbA1c for patients on metformin?")]);
  assert.equal(out!.embedding.length, MODEL_SPEC.hiddenDim);
  assert.ok(Math.abs(Math.hypot(...out!.embedding) - 1) < 1e-5, "the embedding is L2-normalised");
  assert.ok(out!.text.startsWith("Patients receiving metformin"), `the nearest chunk leads the output: ${out!.text}`);
  const [adapted] = await session.run([featurize("What happened to HbA1c for patients on metformin?")], trainAdapter("x"));
  assert.notDeepEqual(adapted!.embedding, out!.embedding, "an adapter changes the embedding");
  await assert.rejects(session.run([new Float32Array(10)]), /10 features/);
  await session.release();
  await assert.rejects(ModelSession.load(a.onnx.subarray(0, 100)));
});

test("inputs, outputs and adapters round-trip through their canonical bytes", () => {
  const features = featurize("hello world");
  const input = decodeInput(encodeInput({ prompt: "hello world", shape: [1, MODEL_SPEC.featureDim], features }));
  assert.deepEqual(input.features, features);
  assert.throws(() => decodeInput(encodeInput({ prompt: "x", shape: [1, 100], features })), /holds 100 values/);
  const output = { text: "t", embedding: Float32Array.from([0.1, 0.2]), topScores: Float32Array.from([0.5]), topIndices: [3] };
  assert.deepEqual(decodeOutput(encodeOutput(output)), output);
  const adapter = trainAdapter("y");
  assert.deepEqual(decodeAdapter(encodeAdapter(adapter)), adapter);
});
