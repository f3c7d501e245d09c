/**
 * Supervision of the Ponder process: a Ponder that stops answering (SIGSTOP: alive, silent) is
 * noticed by the /health probes, stopped (SIGTERM, then SIGKILL) and replaced; the new process
 * reports the restart and why on /hub/status; stopping the hub afterwards, even with the new
 * Ponder stopped too, leaves no process of it running (checked in /proc).
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
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
