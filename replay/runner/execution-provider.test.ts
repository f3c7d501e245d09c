import { test } from "node:test";
import assert from "node:assert/strict";
import { chooseExecutionProvider, describeChoice } from "./execution-provider.js";

test("cpu when asked; CUDA requested without its provider libraries falls back to cpu and says why", async () => {
  assert.deepEqual(await chooseExecutionProvider("cpu"), { provider: "cpu", requested: "cpu", fallbackReason: undefined });
  const cuda = await chooseExecutionProvider("cuda");
  if (cuda.provider === "cuda") return; // a machine with onnxruntime's CUDA libraries
  assert.equal(cuda.provider, "cpu");
  assert.match(cuda.fallbackReason ?? "", /cuda/i);
  assert.match(describeChoice(cuda), /falling back to CPU/);
});
