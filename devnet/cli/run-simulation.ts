/**
 * Starts the devnet, deploys, simulates and prints what was produced: the body of both
 * `npm run hub` and `npm run simulate`.
 */
import { readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import type { Address } from "viem";
import { ArtifactStore } from "../../artifacts/store.js";
import { startDevnet, type Devnet } from "../devnet.js";
import { countEventsByName } from "../event-summary.js";
import { simulate, type SimulationResult } from "../simulator/simulator.js";
import type { SimulationOptions } from "./options.js";

export type SimulationRun = { devnet: Devnet; result: SimulationResult; eventCounts: Map<string, number>; seconds: number };

async function folderStats(root: string): Promise<{ files: number; bytes: number }> {
  let files = 0;
  let bytes = 0;
  for (const entry of await readdir(root, { withFileTypes: true, recursive: true }).catch(() => [])) {
    if (!entry.isFile()) continue;
    files++;
    bytes += (await stat(join(entry.parentPath, entry.name))).size;
  }
  return { files, bytes };
}

export async function runSimulation(options: SimulationOptions, log: (line: string) => void): Promise<SimulationRun> {
  const started = performance.now();
  const devnet = await startDevnet({ deploymentFile: options.deploymentFile, rpcUrl: options.rpcUrl, privateKey: options.privateKey });
  log(`devnet: ${devnet.managed ? "anvil started" : "using"} at ${devnet.rpcUrl} (chain ${devnet.chainId})`);
  for (const [name, address] of Object.entries(devnet.deployment.contracts)) log(`  ${name.padEnd(18)} ${address}`);
  const store = new ArtifactStore(join(options.dataDir, "artifacts"));
  log(`simulating: seed ${options.seed}, scale ${options.scale}, dishonest share ${options.dishonestShare} (${options.dishonestKinds.join(", ")})`);
  const result = await simulate({
    writer: devnet.writer,
    deployment: devnet.deployment,
    deployer: devnet.deployer,
    store,
    groundTruthPath: join(options.dataDir, "ground-truth.json"),
    seed: options.seed,
    scale: options.scale,
    dishonestShare: options.dishonestShare,
    dishonestKinds: options.dishonestKinds,
    setBalance: devnet.setBalance,
    onProgress: (m) => log(`  ${m}`),
  });
  const eventCounts = await countEventsByName(
    devnet.writer.client,
    Object.values(devnet.deployment.contracts) as Address[],
    BigInt(devnet.deployment.startBlock),
    result.lastBlock,
  );
  return { devnet, result, eventCounts, seconds: (performance.now() - started) / 1000 };
}

export async function printSummary(run: SimulationRun, options: SimulationOptions, log: (line: string) => void): Promise<void> {
  const { result, eventCounts, devnet } = run;
  const total = [...eventCounts.values()].reduce((a, b) => a + b, 0);
  const artifacts = await folderStats(join(options.dataDir, "artifacts"));
  log("");
  log(`summary (${run.seconds.toFixed(1)} s)`);
  log(`  blocks        ${devnet.deployment.startBlock}..${result.lastBlock} (${Number(result.lastBlock) - devnet.deployment.startBlock + 1})`);
  log(`  transactions  ${result.transactions}`);
  log(`  events        ${total}`);
  for (const [name, count] of eventCounts) log(`    ${name.padEnd(24)} ${count}`);
  log(`  inferences    ${result.inferences} (${result.dishonest} dishonest claims planted, see ground-truth.json)`);
  log(`  artifacts     ${artifacts.files} files, ${(artifacts.bytes / 1024 / 1024).toFixed(1)} MiB in ${join(options.dataDir, "artifacts")}`);
  log(`  deployment    ${options.deploymentFile}`);
}
