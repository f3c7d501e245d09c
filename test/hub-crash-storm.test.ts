/**
 * A crash storm on the embedded default: Ponder (with the sink and the replay worker inside it,
 * on PGlite and chDB) SIGKILLed 10 times at random moments, first while it backfills what the
 * simulation already mined, then while it indexes the simulation live with the replay worker
 * busy. The supervisor restarts it each time. Afterwards the sink, the analytics and the replay
 * serve, and the stores, opened directly, are exact: every log one row, every ClickHouse fact
 * one Postgres row, every updated entity equal to the contracts' views, one verdict per
 * inference in Postgres and in ClickHouse.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { PGlite } from "@electric-sql/pglite";
import { PostgresFactSource } from "../analytics/sink/postgres-source.js";
import { ChdbStore } from "../analytics/store/chdb-store.js";
import { simulate, type SimulationResult } from "../devnet/simulator/simulator.js";
import type { HubIndexer } from "../hub/indexer.js";
import { processAlive } from "./_setup/process.js";
import { assertSinkExact } from "./_setup/analytics.js";
import { reconcileEntities, reconcileLogs } from "./_setup/chain-reconcile.js";
import { getJson, processesMentioning, startTestHubIndexer, waitUntil } from "./_setup/hub-indexer.js";
import { startSimulatedDevnet, type SimulatedDevnet } from "./_setup/simulated-devnet.js";

let sim: SimulatedDevnet;
before(async () => {
  sim = await startSimulatedDevnet({ simulate: false });
});
after(async () => {
  await sim?.stop();
});

const KILLS = 10;

test("10 SIGKILLs of Ponder during backfill and live indexing: everything serves again and the stores are exact", { timeout: 600_000 }, async () => {
  const log: string[] = [];
  let simulated = 0;
  const simulation: Promise<SimulationResult> = simulate({
    writer: sim.devnet.writer,
    deployment: sim.devnet.deployment,
    deployer: sim.devnet.deployer,
    store: sim.store,
    groundTruthPath: sim.groundTruthPath,
    seed: "crash-storm",
    scale: "small",
    dishonestShare: 0.1,
    setBalance: sim.devnet.setBalance,
    onProgress: () => simulated++,
  });
  // A backlog to backfill first: wave 1 well under way before Ponder starts.
  await waitUntil("the first blocks", async () => simulated >= 2, 120_000);
  const indexer: HubIndexer = await startTestHubIndexer(sim, { log, supervision: { probeIntervalMs: 300, killGraceMs: 2000, maxRestarts: KILLS + 5 } });
  const killed: number[] = [];
  try {
    for (let k = 0; k < KILLS; k++) {
      const pid = await indexer.ponder.programPid;
      assert.ok(pid, "Ponder started");
      // From mid-boot (opening PGlite, building) to mid-indexing, mid-sink and mid-replay.
      await new Promise((r) => setTimeout(r, 300 + Math.random() * 5000));
      if (processAlive(pid)) process.kill(pid, "SIGKILL");
      killed.push(pid);
      await waitUntil(`restart ${k + 1}`, async () => indexer.supervisor.restarts.length > k && (await indexer.ponder.programPid) !== pid, 120_000);
    }
    const result = await simulation;
    await indexer.waitReady();
    await indexer.waitForBlock(result.lastBlock);
    const base = indexer.ponder.url;
    type Status = { analyticsLag: { syncedBlock: string } | null; ponderRestarts: unknown[]; ready: boolean; activity: { sink: { lastWork?: { kind: string; toBlock: string } } } | null };
    type Replay = { jobs: number; verdicts: number };
    await waitUntil("sink and replay caught up", async () => {
      const s = await getJson<Status>(`${base}/hub/status`);
      const r = await getJson<Replay>(`${base}/replay/status`);
      // Caught up, and the window re-synced once the head settled (the sink's exactness guarantee).
      const lastWork = s.body.activity?.sink.lastWork;
      const settled = lastWork?.kind === "resync" && Number(lastWork.toBlock) >= Number(result.lastBlock);
      return Number(s.body.analyticsLag?.syncedBlock ?? 0) >= Number(result.lastBlock) && settled && r.body.verdicts >= result.inferences;
    }, 240_000);
    const status = await getJson<Status>(`${base}/hub/status`);
    assert.equal(status.body.ponderRestarts.length, KILLS, "each restart reported");
    const replay = await getJson<Replay>(`${base}/replay/status`);
    assert.equal(replay.body.jobs, result.inferences, "one job per inference");
    assert.equal(replay.body.verdicts, result.inferences, "one verdict per inference");
    const volume = await getJson<{ inferences: number }[]>(`${base}/analytics/inference-volume?bucket=86400`);
    assert.equal(volume.status, 200);
    assert.equal(volume.body.reduce((n, r) => n + r.inferences, 0), result.inferences, "analytics serve every inference");
    assert.ok(!log.some((l) => /rebuilt empty/.test(l)), `no store had to be rebuilt:\n${log.join("\n")}`);
  } catch (error) {
    console.log(log.join("\n"));
    throw error;
  } finally {
    await indexer.stop();
  }
  for (const pid of killed) assert.equal(processAlive(pid), false);
  await waitUntil("no process left", async () => processesMentioning(sim.dataDir).length === 0, 15_000);

  // The stores, opened directly now that their process is gone.
  const result = await simulation;
  const id = sim.devnet.deployment.deploymentId;
  const ponderDb = new PGlite(join(sim.dataDir, "ponder", id));
  const chdb = await ChdbStore.open(join(sim.dataDir, "chdb", id));
  const hubDb = new PGlite(join(sim.dataDir, "hub-db", id));
  try {
    await ponderDb.exec(`SET search_path TO "${indexer.schema}"`);
    const query = async <T extends Record<string, unknown>>(sql: string, params: unknown[] = []) => (await ponderDb.query<T>(sql, params)).rows;
    const logs = await reconcileLogs({ query }, sim.devnet.writer.client, sim.devnet.deployment, result.lastBlock);
    assert.deepEqual(logs.problems, [], "every log one row, no row without a log");
    assert.ok(logs.logs > 500);
    assert.deepEqual(await reconcileEntities({ query }, sim.devnet.writer.client, sim.devnet.deployment), [], "every entity's latest values equal the contracts' views");
    await assertSinkExact(chdb, new PostgresFactSource({ query: async (sql, params) => ({ rows: await query(sql, params) }) }, indexer.schema));
    await hubDb.exec("SET search_path TO replay, public");
    const verdicts = (await hubDb.query<{ n: number; keys: number; inferences: number }>("SELECT count(*)::int AS n, count(DISTINCT job_key)::int AS keys, count(DISTINCT inference_id)::int AS inferences FROM replay_verdicts")).rows[0]!;
    assert.deepEqual(verdicts, { n: result.inferences, keys: result.inferences, inferences: result.inferences });
    const facts = await chdb.query<{ n: string; keys: string }>("SELECT count() AS n, uniqExact(job_key) AS keys FROM replay_verdict_facts FINAL");
    assert.equal(Number(facts[0]!.n), result.inferences, "one verdict fact per inference");
    assert.equal(Number(facts[0]!.keys), result.inferences);
  } finally {
    await ponderDb.close();
    await chdb.close();
    await hubDb.close();
  }
});
