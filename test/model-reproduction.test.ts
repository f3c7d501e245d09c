/**
 * A recorded inference is reproducible from the artifact store alone: load the run's ONNX
 * weights with onnxruntime-node, feed the stored input (and adapter), and get the bytes whose
 * hash the chain recorded.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { decodeEventLog, type Address, type Hex } from "viem";
import * as abi from "../contracts-abi/generated/index.js";
import { artifactHash } from "../artifacts/store.js";
import { readGroundTruth } from "../devnet/simulator/ground-truth.js";
import { protocolLogs } from "../devnet/event-summary.js";
import { decodeAdapter } from "../model/adapter.js";
import { decodeInput, encodeOutput } from "../model/io.js";
import { ModelSession } from "../model/session.js";
import { startSimulatedDevnet, type SimulatedDevnet } from "./_setup/simulated-devnet.js";

let env: SimulatedDevnet;
before(async () => {
  env = await startSimulatedDevnet({ seed: "reproduce", scale: "small", dishonestShare: 0.1 });
});
after(async () => env?.stop());

test("recorded output hashes are reproduced by onnxruntime-node from stored artifacts", async () => {
  const { writer, deployment } = env.devnet;
  const runs = new Map<bigint, Hex>();
  const adapters = new Map<bigint, Hex>();
  const inferences: { id: bigint; runId: bigint; adapterId: bigint; inputHash: Hex; outputHash: Hex }[] = [];
  const addresses = [deployment.contracts.ModelFactory, deployment.contracts.AttributionEngine] as Address[];
  for await (const log of protocolLogs(writer.client, addresses, BigInt(deployment.startBlock), env.result.lastBlock)) {
    const abiFor = log.address.toLowerCase() === deployment.contracts.ModelFactory.toLowerCase() ? abi.modelFactoryAbi : abi.attributionEngineAbi;
    const event = decodeEventLog({ abi: abiFor, topics: log.topics as [Hex, ...Hex[]], data: log.data, strict: false });
    if (event.eventName === "TrainingRunRecorded") runs.set(event.args.runId!, event.args.weightsHash!);
    if (event.eventName === "AdapterPublished") adapters.set(event.args.adapterId!, event.args.adapterHash!);
    if (event.eventName === "InferenceRecorded") {
      const a = event.args;
      inferences.push({ id: a.inferenceId!, runId: a.runId!, adapterId: a.adapterId!, inputHash: a.inputHash!, outputHash: a.outputHash! });
    }
  }
  const altered = new Set((await readGroundTruth(env.groundTruthPath)).dishonest.filter((d) => d.kind === "output_altered").map((d) => d.inferenceId));
  assert.ok(altered.size > 0, "the simulation planted altered outputs");
  let reproduced = 0;
  let mismatched = 0;
  for (const inference of inferences) {
    const session = await ModelSession.load(await env.store.get(runs.get(inference.runId)!));
    const input = decodeInput(await env.store.get(inference.inputHash));
    const adapter = inference.adapterId === 0n ? undefined : decodeAdapter(await env.store.get(adapters.get(inference.adapterId)!));
    const [output] = await session.run([input.features], adapter);
    await session.release();
    const hash = artifactHash(encodeOutput(output!));
    if (altered.has(inference.id.toString())) {
      assert.notEqual(hash, inference.outputHash, `inference ${inference.id}: an altered output must not reproduce`);
      mismatched++;
    } else {
      assert.equal(hash, inference.outputHash, `inference ${inference.id} reproduces its recorded output hash`);
      reproduced++;
    }
  }
  assert.equal(reproduced + mismatched, env.result.inferences);
  assert.ok(inferences.some((i) => i.adapterId !== 0n), "some inferences ran with an OpenLoRA adapter");
});
