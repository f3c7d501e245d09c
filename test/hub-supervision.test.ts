/**
 * Supervision of the Ponder process: a Ponder that stops answering (SIGSTOP: alive, silent) is
 * noticed by the /health probes, stopped (SIGTERM, then SIGKILL) and replaced; the new process
 * reports the restart and why on /hub/status; stopping the hub afterwards, even with the new
 * Ponder stopped too, leaves no process of it running (checked in /proc). Then the state a
 * crash storm once left (hub/ponder-schema-record.ts): Ponder's tables without its record of
 * them, on which Ponder refuses to start; the hub drops the schema, says so, and Ponder indexes
 * every log again exactly once.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { PGlite } from "@electric-sql/pglite";
import { reconcileEntities, reconcileLogs } from "./_setup/chain-reconcile.js";
import { processAlive } from "./_setup/process.js";
import { getJson, processesMentioning, startTestHubIndexer, waitUntil } from "./_setup/hub-indexer.js";
import { startSimulatedDevnet, type SimulatedDevnet } from "./_setup/simulated-devnet.js";

let sim: SimulatedDevnet;
before(async () => {
  sim = await startSimulatedDevnet({ seed: "supervision", scale: "small" });
});
after(async () => {
  await sim?.stop();
});

test("a Ponder that stops answering is restarted and reported, and nothing is left running after stop", { timeout: 600_000 }, async () => {
  const log: string[] = [];
  const t0 = Date.now();
  const mark = (m: string) => console.log(`${((Date.now() - t0) / 1000).toFixed(1)}s ${m}`);
  log.push = (...items: string[]) => { for (const i of items) mark(i); return Array.prototype.push.apply(log, items); };
  const indexer = await startTestHubIndexer(sim, { log, supervision: { probeIntervalMs: 500, probeTimeoutMs: 2000, unresponsiveAfterMs: 30_000, killGraceMs: 2000 } });
  let stopped = false;
  try {
    await indexer.waitReady();
    mark("ready");
    const hungPid = indexer.ponder.pid()!;
    const firstPonder = indexer.ponder;
    process.kill(hungPid, "SIGSTOP");
    await waitUntil("a restart", async () => indexer.supervisor.restarts.length >= 1 && indexer.ponder !== firstPonder && indexer.ponder.pid() !== undefined, 120_000);
    assert.equal(processAlive(hungPid), false, "the silent process was killed, not left behind");
    assert.match(indexer.supervisor.restarts.at(-1)!.reason, /did not answer \/health for \d+ s/);
    assert.ok(log.some((l) => /Ponder \(pid \d+\) did not answer \/health .* restarting it/.test(l)), log.join("\n"));

    await indexer.waitReady();
    mark("ready again");
    await indexer.waitForBlock(sim.result.lastBlock);
    mark("at block");
    type Status = { ponderRestarts: { reason: string }[] };
    await waitUntil("the new process's status", async () => (await getJson<Status>(`${indexer.ponder.url}/hub/status`)).status === 200);
    const status = await getJson<Status>(`${indexer.ponder.url}/hub/status`);
    assert.deepEqual(status.body.ponderRestarts.map((r) => r.reason), indexer.supervisor.restarts.map((r) => r.reason));
    assert.match(status.body.ponderRestarts.at(-1)!.reason, /did not answer \/health/);

    // Hung again, then stopped: SIGTERM cannot reach a stopped process's handlers in time; the
    // stop escalates and the hub leaves nothing behind.
    const secondPid = indexer.ponder.pid()!;
    process.kill(secondPid, "SIGSTOP");
    await indexer.stop();
    stopped = true;
    assert.equal(processAlive(secondPid), false);
    await waitUntil("no process left", async () => processesMentioning(sim.dataDir).length === 0, 15_000);
  } finally {
    if (!stopped) await indexer.stop();
  }
});

test("a schema whose Ponder record was lost is dropped and indexed again, every log exactly once", { timeout: 600_000 }, async () => {
  const id = sim.devnet.deployment.deploymentId;
  const folder = join(sim.dataDir, "ponder", id);
  const schema = `hub_${id}`.replace(/[^a-zA-Z0-9_]/g, "_").slice(0, 45);
  // The first test left an indexed schema behind; remove Ponder's record of it as the crash did.
  const broken = new PGlite(folder);
  try {
    const tables = await broken.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = $1", [schema]);
    assert.ok(tables.rows[0]!.n > 10, "an indexed schema to break");
    const deleted = await broken.query(`DELETE FROM "${schema}"._ponder_meta WHERE key = 'app'`);
    assert.equal(deleted.affectedRows, 1);
  } finally {
    await broken.close();
  }
  const log: string[] = [];
  const indexer = await startTestHubIndexer(sim, { log });
  try {
    await indexer.waitReady();
    await indexer.waitForBlock(sim.result.lastBlock);
    assert.equal(indexer.supervisor.restarts.length, 0, `Ponder started at once:\n${log.join("\n")}`);
    assert.ok(log.some((l) => new RegExp(`schema ${schema} held \\d+ relations but not Ponder's record of them .*dropped it`).test(l)), log.join("\n"));
    type Status = { stores: { indexer?: { repaired?: string } } };
    const status = await getJson<Status>(`${indexer.ponder.url}/hub/status`);
    assert.match(status.body.stores.indexer?.repaired ?? "", /not Ponder's record/);
  } finally {
    await indexer.stop();
  }
  const db = new PGlite(folder);
  try {
    await db.exec(`SET search_path TO "${schema}"`);
    const query = async <T extends Record<string, unknown>>(sql: string, params: unknown[] = []) => (await db.query<T>(sql, params)).rows;
    const logs = await reconcileLogs({ query }, sim.devnet.writer.client, sim.devnet.deployment, sim.result.lastBlock);
    assert.deepEqual(logs.problems, [], "every log one row, no row without a log");
    assert.ok(logs.logs > 100);
    assert.deepEqual(await reconcileEntities({ query }, sim.devnet.writer.client, sim.devnet.deployment), [], "every entity's latest values equal the contracts' views");
  } finally {
    await db.close();
  }
});
