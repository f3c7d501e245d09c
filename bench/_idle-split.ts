/**
 * Where the hub's rest CPU goes (issue 14): the same simulated chain and polling interval
 * (PONDER_POLLING_MS, default 1000), on PGlite, each variant indexed to the head, settled for
 * 15 s, then its Ponder process's CPU over `--rest-seconds` with no new blocks:
 * - bare: bench/_bare-app (Ponder with one row per event, nothing of ours);
 * - hub-no-services: the hub's Ponder app without the sink, the replay follower and worker;
 * - hub: the hub as it runs (startHubIndexer).
 * `npx tsx bench/_idle-split.ts [--scale small] [--rest-seconds 30] [--variants bare,hub-no-services,hub] [--profile-dir DIR]`
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { parseScale } from "../devnet/simulator/scale.js";
import { hubEnv } from "../core/config/index.js";
import { startHubIndexer } from "../hub/indexer.js";
import { PROJECT_ROOT, startPonder, type PonderProcess } from "../hub/ponder-process.js";
import { startSimulatedDevnet } from "../test/_setup/simulated-devnet.js";
import { cpuSeconds, hubStatus } from "./_hub-probes.js";

const { values } = parseArgs({ options: { scale: { type: "string", default: "small" }, "rest-seconds": { type: "string", default: "30" }, variants: { type: "string", default: "bare,hub-no-services,hub" }, "profile-dir": { type: "string" } } });
// a CPU profile of each Ponder process (written when it stops), to split its time by function
const pollingMs = String(hubEnv().PONDER_POLLING_MS ?? 1000);
const ponderEnv: Record<string, string> = { PONDER_POLLING_MS: pollingMs, ...(values["profile-dir"] ? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${values["profile-dir"]}` } : {}) };
const restSeconds = Number(values["rest-seconds"]);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** The hub: the sink caught up to `head`, every claim verified, both pollers idle. */
async function settled(base: string, head: bigint): Promise<void> {
  for (;;) {
    const s = await hubStatus(base).catch(() => undefined);
    const replay = (await (await fetch(`${base}/replay/status`)).json()) as { jobs: number; verdicts: number };
    if (s?.analyticsLag && BigInt(s.analyticsLag.syncedBlock) >= head && replay.verdicts >= replay.jobs && s.activity?.sink.mode === "idle" && s.activity.follower.mode === "idle") return;
    await sleep(1000);
  }
}

const sim = await startSimulatedDevnet({ seed: "idle-split", scale: parseScale(values.scale!) });
const results: string[] = [];
try {
  const head = await sim.devnet.writer.client.getBlockNumber();
  for (const variant of values.variants!.split(",")) {
    const dir = await mkdtemp(join(tmpdir(), `ph-idle-split-${variant}-`));
    const schema = `split_${variant.replace(/-/g, "_")}`;
    let ponder: PonderProcess;
    if (variant === "hub") ponder = (await startHubIndexer({ deployment: sim.devnet.deployment, deploymentFile: sim.deploymentFile, dataDir: dir, role: "embedded", env: ponderEnv, log: () => {} })).ponder;
    else {
      const root = variant === "bare" ? join(PROJECT_ROOT, "bench", "_bare-app") : undefined;
      ponder = await startPonder({ root, deploymentFile: sim.deploymentFile, schema, pgliteDir: join(dir, "pglite"), env: { ...ponderEnv, HUB_PONDER_ROLE: "indexer" } });
    }
    try {
      await ponder.waitReady({ timeoutMs: 1_200_000 });
      await ponder.waitForBlock(head, 1_200_000);
      if (variant === "hub") await settled(ponder.url, head);
      await sleep(15_000);
      const a = cpuSeconds(ponder.pid());
      const t = performance.now();
      await sleep(restSeconds * 1000);
      const pct = (100 * (cpuSeconds(ponder.pid()) - a)) / ((performance.now() - t) / 1000);
      results.push(`${variant}=${pct.toFixed(2)}`);
      console.error(`${variant}: ${pct.toFixed(2)}% of a core at rest`);
    } finally {
      await ponder.stop();
      await rm(dir, { recursive: true, force: true });
    }
  }
} finally {
  await sim.stop();
}
console.log(`BENCH idle-split polling_ms=${pollingMs} ${results.join(" ")}`);
