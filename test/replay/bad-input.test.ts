/**
 * Bad jobs get a verdict with a reason and the worker goes on: a missing artifact, bytes that
 * do not match their hash, a truncated ONNX file recorded as a run's weights, and an input of
 * the wrong shape, mixed among good claims.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { rm } from "node:fs/promises";
import type { Hex } from "viem";
import { modelFactoryAbi, attributionEngineAbi } from "../../contracts-abi/generated/index.js";
import { encodeInput, encodeOutput } from "../../model/io.js";
import { ChainClaimSource } from "../../replay/claims/chain-claim-source.js";
import type { Claim } from "../../replay/claims/types.js";
import { startReplay, type ReplayRuntime } from "../../replay/runtime.js";
import { startSimulatedDevnet, type SimulatedDevnet } from "../_setup/simulated-devnet.js";
import { freshDatabase, type FreshDatabase } from "../_setup/replay-services.js";
import { testReplayConfig } from "./_replay-config.js";

let sim: SimulatedDevnet;
let db: FreshDatabase;
let runtime: ReplayRuntime;

before(async () => {
  sim = await startSimulatedDevnet({ seed: "replay-bad-input", scale: "small", dishonestShare: 0 });
  db = await freshDatabase();
});
after(async () => {
  await runtime?.stop();
  await db?.drop();
  await sim?.stop();
});

async function recordInference(modelId: bigint, inputHash: Hex, outputHash: Hex): Promise<void> {
  const { writer, deployer, deployment } = sim.devnet;
  await writer.write(deployer, {
    address: deployment.contracts.AttributionEngine,
    abi: attributionEngineAbi,
    functionName: "recordInference",
    args: [modelId, 0n, inputHash, outputHash, 0n, 1, [sim.result.world.activeAccepted()[0]!.id], [1_000_000]],
    gas: 2_000_000n,
  });
}

test("each bad artifact is a verdict with a reason; every other claim is still verified", async () => {
  const { writer, deployer, deployment } = sim.devnet;
  const source = ChainClaimSource.fromDeployment(deployment);
  const original: Claim[] = [];
  for await (const c of source.claims()) original.push(c);
  const [missingInput, corruptOutput] = [original[0]!, original[1]!];
  const shared = (hash: Hex) => original.filter((c) => c.inputHash === hash || c.outputHash === hash).length;
  assert.equal(shared(missingInput.inputHash), 1);
  assert.equal(shared(corruptOutput.outputHash), 1);

  // 1. a missing artifact; 2. bytes that do not match their hash
  await rm(sim.store.pathOf(missingInput.inputHash));
  await sim.store.putUnchecked(corruptOutput.outputHash, new TextEncoder().encode('{"format":"inference-output-v1","text":"tampered"}'));

  // 3. a run whose recorded weights are a truncated ONNX file (its hash matches the bytes)
  const goodRun = sim.result.world.runs.values().next().value!;
  const truncatedHash = await sim.store.put(goodRun.weights.slice(0, Math.floor(goodRun.weights.length / 3)));
  const factory = { address: deployment.contracts.ModelFactory, abi: modelFactoryAbi } as const;
  const modelCount = BigInt(sim.result.world.models.length);
  const brokenModel = modelCount + 1n;
  await writer.write(deployer, { ...factory, functionName: "registerModel", args: ["broken", "none", "ipfs://broken"] });
  await writer.mine();
  const version = sim.result.world.datanets[0]!.versions.length;
  await writer.write(deployer, { ...factory, functionName: "recordTrainingRun", args: [brokenModel, [1n], [version], truncatedHash, truncatedHash, "cas://x"], gas: 3_000_000n });
  await writer.write(deployer, { ...factory, functionName: "setModelStatus", args: [brokenModel, 1] });
  await writer.mine();
  const someOutput = await sim.store.put(encodeOutput({ text: "x", embedding: new Float32Array(64), topScores: new Float32Array(2), topIndices: [0, 1] }));
  const goodInput = await sim.store.put(encodeInput({ prompt: "a fine prompt", shape: [1, 256], features: new Float32Array(256).fill(1 / 16) }));
  await recordInference(brokenModel, goodInput, someOutput);

  // 4. an input of the wrong shape on a healthy model
  const healthy = sim.result.world.models.find((m) => m.status === "published")!;
  const narrowInput = await sim.store.put(encodeInput({ prompt: "too narrow", shape: [1, 128], features: new Float32Array(128).fill(0.1) }));
  await recordInference(healthy.id, narrowInput, someOutput);
  await writer.mine();

  runtime = await startReplay({ config: testReplayConfig({ databaseUrl: db.url, artifactsDir: sim.store.root }), source, log: () => {} });
  const queued = await runtime.enqueue(source.claims(), "test");
  assert.equal(queued.sampled, original.length + 2);
  await runtime.waitForVerdicts(queued.jobKeys, undefined, 100);

  const verdicts = await runtime.store.verdicts();
  const byId = new Map(verdicts.map((v) => [v.inferenceId, v]));
  const expect = (id: bigint, verdict: string, reasonCode: string) => {
    const v = byId.get(id)!;
    assert.deepEqual([v.verdict, v.reasonCode], [verdict, reasonCode], `inference ${id}`);
  };
  expect(missingInput.inferenceId, "artifact_missing", "INPUT_MISSING");
  expect(corruptOutput.inferenceId, "artifact_corrupt", "OUTPUT_HASH_MISMATCH");
  const total = BigInt(original.length);
  expect(total + 1n, "artifact_corrupt", "WEIGHTS_UNPARSABLE");
  expect(total + 2n, "artifact_corrupt", "INPUT_SHAPE_INVALID");
  const reasons = await runtime.store.pool.query<{ reason: string }>("SELECT reason FROM replay_verdicts WHERE verdict <> 'verified'");
  for (const r of reasons.rows) assert.ok(r.reason.length > 10, `a reason is stated: ${r.reason}`);
  const rest = verdicts.filter((v) => v.inferenceId > corruptOutput.inferenceId && v.inferenceId <= total);
  assert.equal(rest.length, original.length - 2);
  for (const v of rest) assert.equal(v.verdict, "verified", `inference ${v.inferenceId}: ${v.reasonCode}`);
});
