/** Same seed, same chain content and same artifacts; another seed, other content. */
import assert from "node:assert/strict";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { test } from "node:test";
import type { Address } from "viem";
import { protocolLogs } from "../devnet/event-summary.js";
import { ALL_DISHONEST_KINDS } from "../devnet/simulator/ground-truth.js";
import { startSimulatedDevnet, type SimulatedDevnet } from "./_setup/simulated-devnet.js";

async function fingerprint(env: SimulatedDevnet) {
  const { writer, deployment } = env.devnet;
  const logs: string[] = [];
  for await (const log of protocolLogs(writer.client, Object.values(deployment.contracts) as Address[], BigInt(deployment.startBlock), env.result.lastBlock)) {
    logs.push(`${log.blockNumber}:${log.logIndex}:${log.address}:${log.topics.join(",")}:${log.data}`);
  }
  const artifacts = (await readdir(join(env.dataDir, "artifacts"), { recursive: true, withFileTypes: true }))
    .filter((e) => e.isFile())
    .map((e) => e.name)
    .sort();
  const truth = await readFile(env.groundTruthPath, "utf8");
  return { logs, artifacts, truth };
}

test("the simulator is deterministic per seed", async () => {
  const runs: Awaited<ReturnType<typeof fingerprint>>[] = [];
  for (const seed of ["det", "det", "other"]) {
    const env = await startSimulatedDevnet({ seed, scale: "small", dishonestShare: 0.1 });
    try {
      runs.push(await fingerprint(env));
    } finally {
      await env.stop();
    }
  }
  const [first, second, other] = runs as [typeof runs[0], typeof runs[0], typeof runs[0]];
  assert.ok(first.logs.length > 900, `small scale emits about 1k events (got ${first.logs.length})`);
  assert.deepEqual(second.logs, first.logs, "same seed: identical event logs (topics and data)");
  assert.deepEqual(second.artifacts, first.artifacts, "same seed: identical artifact hashes");
  assert.equal(second.truth, first.truth, "same seed: identical ground truth");
  assert.notDeepEqual(other.logs, first.logs, "another seed gives other content");
  assert.notDeepEqual(other.artifacts, first.artifacts);
});

test("the adversarial dishonest kinds are seeded too: same seed, same chain and ground truth", async () => {
  const runs: Awaited<ReturnType<typeof fingerprint>>[] = [];
  for (let i = 0; i < 2; i++) {
    const env = await startSimulatedDevnet({ seed: "det-adversarial", scale: "small", dishonestShare: 0.3, dishonestKinds: ALL_DISHONEST_KINDS });
    try {
      runs.push(await fingerprint(env));
    } finally {
      await env.stop();
    }
  }
  const [first, second] = runs as [typeof runs[0], typeof runs[0]];
  assert.deepEqual(second.logs, first.logs);
  assert.deepEqual(second.artifacts, first.artifacts);
  assert.equal(second.truth, first.truth);
  const kinds = new Set((JSON.parse(first.truth) as { dishonest: { kind: string }[] }).dishonest.map((d) => d.kind));
  // A shape that cannot apply (one-contribution claims cannot be shifted) falls back to a swap.
  assert.ok(kinds.size >= 6, `most kinds planted: ${[...kinds].join(", ")}`);
});
