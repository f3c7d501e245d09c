/**
 * `npm run bench -- index [--scale medium] [--profile] [--apps hub,bare] [--deployment FILE]`:
 * syncs the simulated chain from scratch on the Postgres server with the hub's indexer, then
 * with a bare Ponder app over the same contracts that only inserts one row per log. Both start
 * cold: each gets a fresh database, so an empty RPC cache (ponder_sync), and reads the same
 * anvil. `--profile` prints where each sync's time went (backfill, then the live tail), from
 * Ponder's /metrics; `--deployment` indexes a chain already running instead of simulating one.
 */
import { readFileSync } from "node:fs";
import { rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import { createPublicClient, http, type Address, type PublicClient } from "viem";
import { readDeployment, type Deployment } from "../contracts-abi/deployment.js";
import { protocolLogs } from "../devnet/event-summary.js";
import { parseScale } from "../devnet/simulator/scale.js";
import { PROJECT_ROOT, startPonder } from "../hub/ponder-process.js";
import { startSimulatedDevnet } from "../test/_setup/simulated-devnet.js";
import { cpuSeconds } from "./_hub-probes.js";
import { diffSamples, parsePrometheus, printPonderProfile, type Sample } from "./_ponder-metrics.js";
import { hubEnv } from "../core/config/index.js";

const { values } = parseArgs({
  options: {
    scale: { type: "string", default: "medium" },
    seed: { type: "string", default: "1" },
    profile: { type: "boolean", default: false },
    apps: { type: "string", default: "hub,bare" },
    deployment: { type: "string" },
  },
});
const apps = new Set(values.apps!.split(","));
const serverUrl = hubEnv().BENCH_POSTGRES_URL ?? hubEnv().TEST_POSTGRES_URL;

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

async function timeSync(label: string, root: string, deploymentFile: string, lastBlock: bigint): Promise<{ seconds: number; peakMb: number; cpu: number }> {
  const db = `ph_bench_${label}_${randomBytes(4).toString("hex")}`;
  await admin(`CREATE DATABASE ${db}`);
  const started = performance.now();
  const logFile = values.profile ? join(tmpdir(), `bench-index-${label}.log`) : undefined;
  if (logFile) await rm(logFile, { force: true });
  const ponder = await startPonder({ root, deploymentFile, schema: label, databaseUrl: serverUrl.replace(/\/[^/]*$/, `/${db}`), logFile });
  const metrics = async () => parsePrometheus(await (await fetch(`${ponder.url}/metrics`)).text());
  try {
    let backfill: Sample[] = [];
    if (values.profile) {
      // /ready turns 200 when the backfill ends; the last blocks (within the chain's finality
      // depth) are then indexed live, block by block.
      await ponder.waitReady({ timeoutMs: 1_800_000 });
      backfill = await metrics();
      console.log(`${label}: backfill done after ${((performance.now() - started) / 1000).toFixed(1)} s`);
    }
    await ponder.waitForBlock(lastBlock, 1_800_000);
    const seconds = (performance.now() - started) / 1000;
    const peakMb = peakRssMb(ponder.pid());
    const cpu = cpuSeconds(ponder.pid());
    if (values.profile) {
      const all = await metrics();
      printPonderProfile(`${label} backfill`, backfill);
      printPonderProfile(`${label} live`, diffSamples(backfill, all));
      console.log(`Ponder's log: ${logFile}`);
    }
    return { seconds, peakMb, cpu };
  } finally {
    await ponder.stop();
    await admin(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`).catch(() => undefined);
  }
}

/** The chain to index: simulated here, or (`--deployment FILE`) one already running. */
async function chain(): Promise<{ deploymentFile: string; deployment: Deployment; client: PublicClient; lastBlock: bigint; stop(): Promise<void> }> {
  if (values.deployment) {
    const deployment = await readDeployment(values.deployment);
    const client = createPublicClient({ transport: http(deployment.rpcUrl) }) as PublicClient;
    const lastBlock = await client.getBlockNumber({ cacheTime: 0 });
    return { deploymentFile: values.deployment, deployment, client, lastBlock, stop: async () => undefined };
  }
  const scale = parseScale(values.scale!);
  console.log(`simulating scale ${scale} (seed ${values.seed}) ...`);
  const sim = await startSimulatedDevnet({ scale, seed: values.seed });
  return { deploymentFile: sim.deploymentFile, deployment: sim.devnet.deployment, client: sim.devnet.writer.client, lastBlock: sim.result.lastBlock, stop: () => sim.stop() };
}

const simStarted = performance.now();
const sim = await chain();
try {
  let events = 0;
  // Small pages: a medium block holds thousands of logs.
  for await (const _log of protocolLogs(sim.client, Object.values(sim.deployment.contracts) as Address[], BigInt(sim.deployment.startBlock), sim.lastBlock, 5n)) events++;
  const blocks = Number(sim.lastBlock) - sim.deployment.startBlock + 1;
  console.log(`chain: ${events} events in ${blocks} blocks (${((performance.now() - simStarted) / 1000).toFixed(1)} s)`);
  console.log("indexing from scratch on Postgres, cold RPC cache for both (fresh database each) ...");
  const skipped = { seconds: Number.NaN, peakMb: Number.NaN, cpu: Number.NaN };
  const hub = apps.has("hub") ? await timeSync("hub", PROJECT_ROOT, sim.deploymentFile, sim.lastBlock) : skipped;
  const bare = apps.has("bare") ? await timeSync("bare", join(PROJECT_ROOT, "bench", "_bare-app"), sim.deploymentFile, sim.lastBlock) : skipped;
  const ratio = hub.seconds / bare.seconds;
  console.log("");
  console.log("| app | events | seconds | events/s | Ponder CPU s | peak RSS MB |");
  console.log("| --- | ---: | ---: | ---: | ---: | ---: |");
  for (const [name, r] of [["hub indexer", hub], ["bare (1 row per log)", bare]] as const) {
    console.log(`| ${name} | ${events} | ${r.seconds.toFixed(1)} | ${Math.round(events / r.seconds)} | ${r.cpu.toFixed(1)} | ${r.peakMb.toFixed(0)} |`);
  }
  console.log(`ratio hub/bare ${ratio.toFixed(2)} (aim <= 1.5)`);
  console.log(`BENCH index events=${events} hub_s=${hub.seconds.toFixed(1)} bare_s=${bare.seconds.toFixed(1)} ratio=${ratio.toFixed(2)} peak_mb=${hub.peakMb.toFixed(0)}`);
} finally {
  await sim.stop();
}
