/**
 * Simulates the medium scale (about 100k events) on a fresh devnet and prints where the time
 * went. `npm run bench -- simulate [--scale medium] [--seed 1]`.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import type { Address } from "viem";
import { ArtifactStore } from "../artifacts/store.js";
import { startDevnet } from "../devnet/devnet.js";
import { countEventsByName } from "../devnet/event-summary.js";
import { parseScale } from "../devnet/simulator/scale.js";
import { simulate } from "../devnet/simulator/simulator.js";
import { printTable } from "./_table.js";

const { values } = parseArgs({ options: { scale: { type: "string", default: "medium" }, seed: { type: "string", default: "1" } } });
const scale = parseScale(values.scale!);
const dataDir = await mkdtemp(join(tmpdir(), "bench-simulate-"));
const devnet = await startDevnet({ deploymentFile: join(dataDir, "deployment.json") });
try {
  const started = performance.now();
  let lastReport = started;
  const result = await simulate({
    writer: devnet.writer,
    deployment: devnet.deployment,
    deployer: devnet.deployer,
    store: new ArtifactStore(join(dataDir, "artifacts")),
    groundTruthPath: join(dataDir, "ground-truth.json"),
    seed: values.seed!,
    scale,
    setBalance: devnet.setBalance,
    onProgress: (m) => {
      if (performance.now() - lastReport > 10_000) {
        lastReport = performance.now();
        console.error(`  ${((lastReport - started) / 1000).toFixed(0)} s: ${m}`);
      }
    },
  });
  const seconds = (performance.now() - started) / 1000;
  const counts = await countEventsByName(devnet.writer.client, Object.values(devnet.deployment.contracts) as Address[], BigInt(devnet.deployment.startBlock), result.lastBlock);
  const events = [...counts.values()].reduce((a, b) => a + b, 0);
  const peakMb = Math.round(process.resourceUsage().maxRSS / 1024);
  printTable(
    ["scale", "blocks", "transactions", "events", "inferences", "seconds", "events/s", "tx/s", "peak RSS MB"],
    [[scale, String(Number(result.lastBlock - result.firstBlock) + 1), String(result.transactions), String(events), String(result.inferences), seconds.toFixed(1), (events / seconds).toFixed(0), (result.transactions / seconds).toFixed(0), String(peakMb)]],
  );
  console.log(`BENCH simulate events=${events} eps=${(events / seconds).toFixed(0)}`);
} finally {
  await devnet.stop();
  await rm(dataDir, { recursive: true, force: true });
}
