/**
 * The replay worker reading claims from the real indexer's Postgres tables (Ponder) instead of
 * the chain: the same verdicts (recall = precision = 1), with the replay tables in their own
 * schema beside Ponder's in the same database.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { EXPECTED_VERDICT, readGroundTruth } from "../../devnet/simulator/ground-truth.js";
import { PostgresClaimSource } from "../../replay/claims/postgres-claim-source.js";
import { startReplay } from "../../replay/runtime.js";
import { startSimulatedDevnet, type SimulatedDevnet } from "../_setup/simulated-devnet.js";
import { startTestIndexer, type TestIndexer } from "../_setup/ponder-indexer.js";
import { testReplayConfig } from "./_replay-config.js";

let sim: SimulatedDevnet;
let indexer: TestIndexer;

before(async () => {
  sim = await startSimulatedDevnet({ seed: "replay-indexer", scale: "small", dishonestShare: 0.1 });
  indexer = await startTestIndexer({ deploymentFile: sim.deploymentFile, store: "postgres" });
});
after(async () => {
  await indexer?.dispose();
  await sim?.stop();
});

test("claims from the indexer's tables: every planted claim flagged, no honest one", async () => {
  const truth = await readGroundTruth(sim.groundTruthPath);
  const deadline = Date.now() + 180_000;
  for (;;) {
    const rows = await indexer.query<{ n: string }>("SELECT count(*) AS n FROM inference WHERE method_id IS NOT NULL").catch(() => [{ n: "0" }]);
    if (Number(rows[0]!.n) === truth.inferences) break;
    if (Date.now() > deadline) throw new Error("the indexer did not catch up");
    await sleep(500);
  }
  const source = new PostgresClaimSource(indexer.databaseUrl!, indexer.schema);
  const runtime = await startReplay({ config: testReplayConfig({ databaseUrl: indexer.databaseUrl!, artifactsDir: sim.store.root }), source, log: () => {} });
  try {
    const queued = await runtime.enqueue(source.claims(), "test");
    assert.equal(queued.sampled, truth.inferences);
    await runtime.waitForVerdicts(queued.jobKeys, undefined, 100);
    const flagged = (await runtime.store.verdicts()).filter((v) => v.verdict !== "verified");
    assert.deepEqual(
      flagged.map((v) => [v.inferenceId.toString(), v.verdict]).sort(),
      truth.dishonest.map((d) => [d.inferenceId, EXPECTED_VERDICT[d.kind].verdict]).sort(),
    );
    const schemas = await runtime.store.pool.query<{ table_schema: string }>("SELECT DISTINCT table_schema FROM information_schema.tables WHERE table_name IN ('replay_verdicts', 'inference')");
    assert.deepEqual(schemas.rows.map((r) => r.table_schema).sort(), [indexer.schema, "replay"].sort());
  } finally {
    await runtime.stop();
    await source.close();
  }
});
