/**
 * Crash and restart: Ponder SIGKILLed mid-sync and started again on the same database and
 * schema ends in the same tables as an uninterrupted run (and still reconciles with the chain).
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { ALL_TABLES } from "../../indexer/event-tables.js";
import { startSimulatedDevnet, type SimulatedDevnet } from "../_setup/simulated-devnet.js";
import { snapshotTables, startTestIndexer, TEST_STORES, type TestIndexer } from "../_setup/ponder-indexer.js";
import { reconcileLogs } from "../_setup/chain-reconcile.js";

/** Polls /status and kills Ponder once it has indexed part, not all, of the chain. */
async function killMidSync(indexer: TestIndexer, firstBlock: bigint, lastBlock: bigint): Promise<bigint> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    const status = await indexer.ponder.fetchStatus().catch(() => undefined);
    const block = status ? Object.values(status)[0]?.block?.number : undefined;
    if (block !== undefined && BigInt(block) > firstBlock && BigInt(block) < lastBlock - 2n) {
      await indexer.ponder.kill();
      return BigInt(block);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error("never saw Ponder part-way through the chain");
}

for (const store of TEST_STORES) {
  describe(`indexer restart after SIGKILL (${store})`, () => {
    let sim: SimulatedDevnet;
    before(async () => {
      sim = await startSimulatedDevnet({ seed: "5", scale: "small" });
    });
    after(async () => {
      await sim?.stop();
    });

    test("killed mid-sync and restarted, it ends equal to an uninterrupted run", async () => {
      const last = sim.result.lastBlock;
      const reference = await startTestIndexer({ deploymentFile: sim.deploymentFile, store });
      let expected: Record<string, string[]>;
      try {
        await reference.ponder.waitForBlock(last);
        await reference.stop();
        expected = await snapshotTables(reference, ALL_TABLES);
      } finally {
        await reference.dispose();
      }

      const crashed = await startTestIndexer({ deploymentFile: sim.deploymentFile, store });
      try {
        const killedAt = await killMidSync(crashed, BigInt(sim.devnet.deployment.startBlock), last);
        assert.ok(killedAt < last, `killed at block ${killedAt}, before the head ${last}`);
        await crashed.restart();
        await crashed.ponder.waitForBlock(last);
        await crashed.stop();
        assert.deepEqual(await snapshotTables(crashed, ALL_TABLES), expected);
        const { problems } = await reconcileLogs(crashed, sim.devnet.writer.client, sim.devnet.deployment, last);
        assert.deepEqual(problems, []);
      } finally {
        await crashed.dispose();
      }
    });
  });
}
