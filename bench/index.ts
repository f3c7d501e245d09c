/**
 * `npm run bench -- index [--scale medium]`: syncs the simulated chain from scratch on the
 * Postgres server with the hub's indexer, then with a bare Ponder app over the same contracts
 * that only inserts one row per log. Both start cold: each gets a fresh database, so an empty
 * RPC cache (ponder_sync), and reads the same anvil.
 */
import { readFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import type { Address } from "viem";
import { protocolLogs } from "../devnet/event-summary.js";
import { parseScale } from "../devnet/simulator/scale.js";
import { PROJECT_ROOT, startPonder } from "../hub/ponder-process.js";
import { startSimulatedDevnet } from "../test/_setup/simulated-devnet.js";

const { values } = parseArgs({ options: { scale: { type: "string", default: "medium" }, seed: { type: "string", default: "1" } } });
const serverUrl = process.env.BENCH_POSTGRES_URL ?? process.env.TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/test";

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  await client.query(sql).finally(() => client.end());
}

/** Peak resident set (VmHWM) of a process in MB. */
function peakRssMb(pid: number | undefined): number {
  if (pid === undefined) return Number.NaN;
  const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return match ? Number(match[1]) / 1024 : Number.NaN;
}

async function timeSync(label: string, root: string, deploymentFile: string, lastBlock: bigint): Promise<{ seconds: number; peakMb: number }> {
  const db = `ph_bench_${label}_${randomBytes(4).toString("hex")}`;
  await admin(`CREATE DATABASE ${db}`);
  const started = performance.now();
  const ponder = await startPonder({ root, deploymentFile, schema: label, databaseUrl: serverUrl.replace(/\/[^/]*$/, `/${db}`) });
  try {
    await ponder.waitForBlock(lastBlock, 1_800_000);
    const seconds = (performance.now() - started) / 1000;
    return { seconds, peakMb: peakRssMb(ponder.pid()) };
  } finally {
    await ponder.stop();
    await admin(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`).catch(() => undefined);
  }
}

const scale = parseScale(values.scale!);
console.log(`simulating scale ${scale} (seed ${values.seed}) ...`);
const simStarted = performance.now();
const sim = await startSimulatedDevnet({ scale, seed: values.seed });
try {
  let events = 0;
  // Small pages: a medium block holds thousands of logs.
  for await (const _log of protocolLogs(sim.devnet.writer.client, Object.values(sim.devnet.deployment.contracts) as Address[], BigInt(sim.devnet.deployment.startBlock), sim.result.lastBlock, 5n)) events++;
  const blocks = Number(sim.result.lastBlock) - sim.devnet.deployment.startBlock + 1;
  console.log(`simulated ${events} events in ${blocks} blocks (${((performance.now() - simStarted) / 1000).toFixed(1)} s)`);
  console.log("indexing from scratch on Postgres, cold RPC cache for both (fresh database each) ...");
  const hub = await timeSync("hub", PROJECT_ROOT, sim.deploymentFile, sim.result.lastBlock);
  const bare = await timeSync("bare", join(PROJECT_ROOT, "bench", "_bare-app"), sim.deploymentFile, sim.result.lastBlock);
  const ratio = hub.seconds / bare.seconds;
  console.log("");
  console.log("| app | events | seconds | events/s | peak RSS MB |");
  console.log("| --- | ---: | ---: | ---: | ---: |");
  for (const [name, r] of [["hub indexer", hub], ["bare (1 row per log)", bare]] as const) {
    console.log(`| ${name} | ${events} | ${r.seconds.toFixed(1)} | ${Math.round(events / r.seconds)} | ${r.peakMb.toFixed(0)} |`);
  }
  console.log(`ratio hub/bare ${ratio.toFixed(2)} (aim <= 1.5)`);
  console.log(`BENCH index events=${events} hub_s=${hub.seconds.toFixed(1)} bare_s=${bare.seconds.toFixed(1)} ratio=${ratio.toFixed(2)} peak_mb=${hub.peakMb.toFixed(0)}`);
} finally {
  await sim.stop();
}
