/**
 * Acceptance with Redis: a worker process killed mid-batch (SIGKILL) and restarted, then Redis
 * itself restarted (it runs without persistence, so it comes back empty): no job is lost and
 * no verdict is recorded twice. The replacement worker's reconciler re-derives the jobs Redis
 * lost from Postgres.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { setTimeout as sleep } from "node:timers/promises";
import { readGroundTruth } from "../../devnet/simulator/ground-truth.js";
import { ChainClaimSource } from "../../replay/claims/chain-claim-source.js";
import { BullmqQueue } from "../../replay/queue/bullmq-queue.js";
import { startReplay } from "../../replay/runtime.js";
import { PostgresVerdictStore } from "../../replay/verdicts/postgres-verdict-store.js";
import { startSimulatedDevnet, type SimulatedDevnet } from "../_setup/simulated-devnet.js";
import { freeLoopbackPort } from "../../devnet/anvil.js";
import { freshDatabase, uniqueRedisPrefix, type FreshDatabase } from "../_setup/replay-services.js";
import { testReplayConfig } from "./_replay-config.js";
import { childEnvironment, hubEnv } from "../../core/config/index.js";

let sim: SimulatedDevnet;
let db: FreshDatabase;
const children: ChildProcess[] = [];

before(async () => {
  sim = await startSimulatedDevnet({ seed: "replay-restarts", scale: "small", dishonestShare: 0.1 });
  db = await freshDatabase();
  redisPort = await freeLoopbackPort();
  redisUrl = `redis://127.0.0.1:${redisPort}`;
  await startRedis();
});
after(async () => {
  await stopRedis();
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
  await db?.drop();
  await sim?.stop();
});

function startWorker(prefix: string, output: string[]): ChildProcess {
  const child = spawn(process.execPath, ["--import", "tsx", "replay/cli/replay.ts", "worker"], {
    env: childEnvironment({
      DATABASE_URL: db.url,
      REDIS_URL: redisUrl,
      REPLAY_QUEUE_PREFIX: prefix,
      ARTIFACTS_DIR: sim.store.root,
      DEPLOYMENT_FILE: sim.deploymentFile,
      REPLAY_EXECUTION_PROVIDER: "cpu",
      REPLAY_FACTS: "off",
      REPLAY_BATCH_SIZE: "4",
      // Slow enough that the kill lands mid-run; short locks so a killed worker's jobs return fast.
      REPLAY_RATE_LIMIT: "12",
      REPLAY_LOCK_DURATION_MS: "1500",
      REPLAY_RECONCILE_INTERVAL_MS: "1000",
      REPLAY_BACKOFF_MS: "100",
    }),
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.on("data", (d: Buffer) => output.push(d.toString()));
  child.stderr!.on("data", (d: Buffer) => output.push(d.toString()));
  children.push(child);
  return child;
}

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

// A Redis of this test's own (the machine's one on 6379 serves the test files that run beside
// this one): restarted without persistence, it comes back empty, as the shared one would.
let redisPort: number;
let redisUrl: string;
let redis: ChildProcess | undefined;

async function stopRedis(): Promise<void> {
  const r = redis;
  redis = undefined;
  if (!r || r.exitCode !== null || r.signalCode !== null) return;
  const exited = new Promise((resolve) => r.once("exit", resolve));
  r.kill("SIGTERM");
  await exited;
}

async function startRedis(): Promise<void> {
  redis = spawn("redis-server", ["--bind", "127.0.0.1", "--port", String(redisPort), "--save", "", "--appendonly", "no"], { stdio: "ignore" });
  for (let i = 0; i < 100; i++) {
    try {
      if (execFileSync("redis-cli", ["-p", String(redisPort), "ping"]).toString().trim() === "PONG") return;
    } catch {
      // not up yet
    }
    await sleep(100);
  }
  throw new Error(`redis-server on port ${redisPort} did not start`);
}

test("a worker killed mid-batch and a Redis restart lose no job and record no verdict twice", async () => {
  const truth = await readGroundTruth(sim.groundTruthPath);
  const prefix = uniqueRedisPrefix();
  const source = ChainClaimSource.fromDeployment(sim.devnet.deployment);
  // The enqueue side: records jobs in Postgres and adds them to BullMQ, then goes away.
  const producer = await startReplay({ config: testReplayConfig({ databaseUrl: db.url, artifactsDir: sim.store.root, redisUrl, queuePrefix: prefix }), source, work: false, log: () => {} });
  const queued = await producer.enqueue(source.claims(), "test");
  await producer.stop();
  assert.equal(queued.jobKeys.length, truth.inferences);

  const store = await PostgresVerdictStore.connect(db.url);
  const verdictCount = async () => (await store.counts()).verdicts;
  const logs: string[] = [];
  try {
    const first = startWorker(prefix, logs);
    await waitFor("the first verdicts", async () => (await verdictCount()) >= 8);
    first.kill("SIGKILL");
    await new Promise((r) => first.once("exit", r));
    const afterKill = await verdictCount();
    assert.ok(afterKill < truth.inferences, `killed mid-run (${afterKill}/${truth.inferences} verdicts)`);

    const second = startWorker(prefix, logs);
    await waitFor("the second worker to make progress", async () => (await verdictCount()) >= afterKill + 8);
    const beforeRedisRestart = await verdictCount();
    assert.ok(beforeRedisRestart < truth.inferences, `Redis restarts mid-run (${beforeRedisRestart}/${truth.inferences})`);
    await stopRedis();
    await startRedis();
    await waitFor("every job to get a verdict", async () => (await verdictCount()) === truth.inferences);
    await sleep(1500);
    second.kill("SIGTERM");
    await new Promise((r) => second.once("exit", r));
  } finally {
    if (!redis) await startRedis();
  }

  const counts = await store.counts();
  assert.equal(counts.jobs, truth.inferences);
  assert.equal(counts.verdicts, truth.inferences, "every job has a verdict");
  const perJob = await store.pool.query<{ n: string }>("SELECT count(*) AS n FROM replay.replay_jobs j JOIN replay.replay_verdicts v ON v.job_key = j.job_key GROUP BY j.job_key HAVING count(*) <> 1");
  assert.equal(perJob.rows.length, 0, "no job has two verdicts");
  const flagged = (await store.verdicts()).filter((v) => v.verdict !== "verified").map((v) => v.inferenceId.toString()).sort();
  assert.deepEqual(flagged, truth.dishonest.map((d) => d.inferenceId).sort(), "the same verdicts as an uninterrupted run");
  if (hubEnv().REPLAY_TEST_VERBOSE) console.log(logs.join(""));
  assert.match(logs.join(""), /reconciler re-queued \d+ of \d+ unfinished jobs/, "the reconciler re-derived what Redis lost");
  await store.close();
  const cleanup = new BullmqQueue({ redisUrl, prefix, attempts: 1, backoffMs: 1 });
  await cleanup.obliterate().catch(() => {});
  await cleanup.close();
});
