/**
 * `npm run bench -- replay [--scale medium] [--seed S]`: verifies every inference of a simulated
 * chain on CPU at batch sizes 1, 32 and 256, each with cold caches (new sessions, training sets
 * and embeddings) and then warm; scores the verdicts against the simulator's ground truth.
 * Plants every dishonest kind (`--dishonest-kinds classic` for the first three only).
 * Last line: BENCH replay claims=… dishonest=… recall=… precision=… cpu_per_s=… peak_mb=…
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { ArtifactStore } from "../artifacts/store.js";
import { startDevnet } from "../devnet/devnet.js";
import { EXPECTED_VERDICT, parseDishonestKinds, readGroundTruth } from "../devnet/simulator/ground-truth.js";
import { parseScale } from "../devnet/simulator/scale.js";
import { simulate } from "../devnet/simulator/simulator.js";
import { ChainClaimSource } from "../replay/claims/chain-claim-source.js";
import type { Claim } from "../replay/claims/types.js";
import { readHubEnv } from "../core/config/index.js";
import { readReplayConfig } from "../replay/config.js";
import { BullmqQueue } from "../replay/queue/bullmq-queue.js";
import { startReplay, type ReplayRuntime } from "../replay/runtime.js";
import { PostgresVerdictStore } from "../replay/verdicts/postgres-verdict-store.js";
import { freshDatabase, TEST_REDIS_URL, uniqueRedisPrefix } from "../test/_setup/replay-services.js";

const { values } = parseArgs({ options: { scale: { type: "string", default: "medium" }, seed: { type: "string", default: "bench" }, "dishonest-share": { type: "string", default: "0.02" }, "dishonest-kinds": { type: "string", default: "all" }, bullmq: { type: "boolean", default: true } } });
const scale = parseScale(values.scale!);
const peakMb = () => Math.round(process.resourceUsage().maxRSS / 1024);

const dir = await mkdtemp(join(tmpdir(), "ph-bench-replay-"));
const devnet = await startDevnet({ deploymentFile: join(dir, "deployment.json") });
const store = new ArtifactStore(join(dir, "artifacts"));
const db = await freshDatabase("replaybench");
type Row = { queue: string; batch: number; caches: string; claims: number; seconds: number; perSecond: number; exact: number; tolerance: number };
const rows: Row[] = [];
try {
  let t = Date.now();
  const sim = await simulate({
    writer: devnet.writer, deployment: devnet.deployment, deployer: devnet.deployer, store, groundTruthPath: join(dir, "ground-truth.json"),
    seed: values.seed!, scale, dishonestShare: Number(values["dishonest-share"]), dishonestKinds: parseDishonestKinds(values["dishonest-kinds"]!), setBalance: devnet.setBalance,
    onProgress: (m) => process.stderr.write(`\r${m}                `),
  });
  console.error(`\nsimulated ${scale}: ${sim.inferences} inferences, ${sim.dishonest} dishonest, blocks ${sim.firstBlock}..${sim.lastBlock} in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  const truth = await readGroundTruth(join(dir, "ground-truth.json"));

  t = Date.now();
  const source = ChainClaimSource.fromDeployment(devnet.deployment);
  const claims: Claim[] = [];
  for await (const c of source.claims()) claims.push(c);
  console.error(`read ${claims.length} claims from the chain in ${((Date.now() - t) / 1000).toFixed(1)} s`);

  const verdictStore = await PostgresVerdictStore.connect(db.url);
  const reset = () => verdictStore.pool.query("TRUNCATE replay_jobs, replay_verdicts, replay_unfinished");
  const measure = async (runtime: ReplayRuntime, queue: string, batch: number, caches: string) => {
    await reset();
    const started = performance.now();
    const queued = await runtime.enqueue(claims, "bench");
    // The tables were truncated but the queue remembers these job keys as done: the
    // reconciler re-queues jobs without a verdict, as it would after any such loss.
    await runtime.reconciler.runOnce();
    // The tables hold only this run: a plain count is a cheap completion check.
    while (Number((await verdictStore.pool.query<{ n: string }>("SELECT count(*) AS n FROM replay_verdicts")).rows[0]!.n) < queued.jobKeys.length) {
      await new Promise((r) => setTimeout(r, 20));
    }
    const seconds = (performance.now() - started) / 1000;
    const m = await verdictStore.pool.query<{ output_match: string | null; n: string }>("SELECT output_match, count(*) AS n FROM replay_verdicts GROUP BY 1");
    const by = new Map(m.rows.map((r) => [r.output_match, Number(r.n)]));
    rows.push({ queue, batch, caches, claims: queued.jobKeys.length, seconds, perSecond: queued.jobKeys.length / seconds, exact: by.get("exact") ?? 0, tolerance: by.get("within_tolerance") ?? 0 });
    console.error(`${queue} batch ${batch} ${caches}: ${(queued.jobKeys.length / seconds).toFixed(0)}/s`);
  };
  const base = { ...readReplayConfig(readHubEnv({})), databaseUrl: db.url, artifactsDir: store.root, executionProvider: "cpu" as const, reconcileIntervalMs: 600_000 };
  for (const batch of [1, 32, 256]) {
    const runtime = await startReplay({ config: { ...base, batchSize: batch }, source, store: verdictStore, log: () => {} });
    await measure(runtime, "in-process", batch, "cold");
    await measure(runtime, "in-process", batch, "warm");
    await runtime.stop();
  }
  if (values.bullmq) {
    const prefix = uniqueRedisPrefix("replaybench");
    const runtime = await startReplay({ config: { ...base, batchSize: 256, redisUrl: TEST_REDIS_URL, queuePrefix: prefix }, source, store: verdictStore, log: () => {} });
    await measure(runtime, "bullmq", 256, "cold");
    await measure(runtime, "bullmq", 256, "warm");
    if (runtime.queue instanceof BullmqQueue) await runtime.queue.obliterate().catch(() => {});
    await runtime.stop();
  }

  // Score the last run's verdicts against the ground truth.
  const verdicts = await verdictStore.verdicts();
  const planted = new Map(truth.dishonest.map((d) => [d.inferenceId, d.kind]));
  let tp = 0;
  let fp = 0;
  for (const v of verdicts) {
    const kind = planted.get(v.inferenceId.toString());
    if (kind && v.verdict === EXPECTED_VERDICT[kind].verdict) tp++;
    else if (!kind && v.verdict !== "verified") fp++;
  }
  const recall = planted.size === 0 ? 1 : tp / planted.size;
  const precision = tp + fp === 0 ? 1 : tp / (tp + fp);
  await verdictStore.close();

  console.log("\n| queue | batch | caches | claims | seconds | verifications/s | output exact | output within tolerance |");
  console.log("| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: |");
  for (const r of rows) console.log(`| ${r.queue} | ${r.batch} | ${r.caches} | ${r.claims} | ${r.seconds.toFixed(2)} | ${r.perSecond.toFixed(0)} | ${r.exact} | ${r.tolerance} |`);
  const best = Math.max(...rows.filter((r) => r.queue === "in-process").map((r) => r.perSecond));
  console.log(`\nverdicts: ${verdicts.length}, planted dishonest: ${planted.size}, flagged correctly: ${tp}, honest flagged: ${fp}; execution provider cpu`);
  console.log(`BENCH replay claims=${verdicts.length} dishonest=${planted.size} recall=${recall.toFixed(4)} precision=${precision.toFixed(4)} cpu_per_s=${best.toFixed(0)} peak_mb=${peakMb()}`);
} finally {
  await devnet.stop();
  await db.drop();
  await rm(dir, { recursive: true, force: true });
}
