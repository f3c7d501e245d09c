/**
 * After the small simulation, the index equals the chain: one event row per log, entity state
 * equal to the contracts' view functions, no anomalies. On PGlite and on the Postgres server.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { startSimulatedDevnet, type SimulatedDevnet } from "../_setup/simulated-devnet.js";
import { startTestIndexer, TEST_STORES, type TestIndexer } from "../_setup/ponder-indexer.js";
import { reconcileEntities, reconcileLogs } from "../_setup/chain-reconcile.js";

describe("indexer reconciliation", () => {
  let sim: SimulatedDevnet;
  before(async () => {
    sim = await startSimulatedDevnet({ seed: "7", scale: "small" });
  });
  after(async () => {
    await sim?.stop();
  });

  for (const store of TEST_STORES) {
    test(`every log has exactly one row and entities equal the contracts (${store})`, async () => {
      const indexer: TestIndexer = await startTestIndexer({ deploymentFile: sim.deploymentFile, store });
      try {
        await indexer.ponder.waitForBlock(sim.result.lastBlock);
        await indexer.stop();
        const client = sim.devnet.writer.client;
        const { logs, problems } = await reconcileLogs(indexer, client, sim.devnet.deployment, sim.result.lastBlock);
        assert.ok(logs > 500, `expected the small simulation's ~1,100 logs, got ${logs}`);
        assert.deepEqual(problems, []);
        assert.deepEqual(await reconcileEntities(indexer, client, sim.devnet.deployment), []);
        assert.deepEqual(await indexer.query(`SELECT kind, details FROM anomaly`), []);
        const [flags] = await indexer.query<{ runs: number; models: number }>(
          `SELECT (SELECT count(*)::int FROM training_run WHERE trained_on_withdrawn_data) AS runs, (SELECT count(*)::int FROM model WHERE trained_on_withdrawn_data) AS models`,
        );
        // The simulation withdraws consent after training on it; the flag must have been raised.
        assert.ok(flags!.runs > 0 && flags!.models > 0, `expected trained-on-withdrawn flags, got ${JSON.stringify(flags)}`);
      } finally {
        await indexer.dispose();
      }
    });
  }
});
