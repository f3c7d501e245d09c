/**
 * The indexer's acceptance on each store (PGlite, the Postgres server), on one simulated chain
 * and one lifecycle per store so that the slow parts (Ponder's start, its 30-block live tail,
 * the schema lock a crashed process leaves) are paid once and overlap:
 *
 * - A indexes the small simulation and stays live while reorgs of depths 3, 9 and 20 (below
 *   the devnet's 30-block finality) replace indexed blocks with longer, different branches;
 * - B indexes the same chain from scratch, is SIGKILLed part-way, and is started again on the
 *   same database once the reorgs are done (its lock expires meanwhile), so it indexes the
 *   final chain without ever seeing the orphaned blocks;
 * - then A must equal the chain (one event row per canonical log by transaction hash and log
 *   index, none for any other log; entities equal the contracts' view functions; no anomaly;
 *   nothing from the orphaned branches), and B, the killed-and-restarted index, must hold
 *   exactly A's rows, table by table: the uninterrupted index through reorgs and the crashed
 *   fresh one agree.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { ALL_TABLES } from "../../indexer/event-tables.js";
import { startSimulatedDevnet, type SimulatedDevnet } from "../_setup/simulated-devnet.js";
import { snapshotTables, startTestIndexer, TEST_STORES, type TestIndexer } from "../_setup/ponder-indexer.js";
import { reconcileEntities, reconcileLogs } from "../_setup/chain-reconcile.js";
import { headOf, killMidSync, reorg, type Branch } from "../_setup/chain-branches.js";

const DEPTHS = [3, 9, 20];

/** Phase durations go to the test output (never asserted): where the suite's time goes. */
function stopwatch(store: string): { start(): void; lap(what: string): void } {
  let last = performance.now();
  return {
    start: () => void (last = performance.now()),
    lap(what) {
      const now = performance.now();
      console.log(`# ${store}: ${what} in ${((now - last) / 1000).toFixed(1)} s`);
      last = now;
    },
  };
}

for (const store of TEST_STORES) {
  describe(`indexer on ${store}: reconciliation, reorgs, SIGKILL restart`, () => {
    let sim: SimulatedDevnet;
    let a: TestIndexer | undefined;
    let b: TestIndexer | undefined;
    let killed: Promise<bigint> | undefined;
    const orphaned: Branch[] = [];
    let head = 0n;
    const watch = stopwatch(store);
    const lap = watch.lap;

    before(async () => {
      watch.start();
      sim = await startSimulatedDevnet({ seed: "7", scale: "small" });
      lap("simulated");
    });
    after(async () => {
      await killed?.catch(() => undefined);
      await a?.dispose();
      await b?.dispose();
      await sim?.stop();
    });

    test("A syncs the simulation while B is SIGKILLed part-way through it", async () => {
      const last = sim.result.lastBlock;
      [a, b] = await Promise.all([
        startTestIndexer({ deploymentFile: sim.deploymentFile, store }),
        startTestIndexer({ deploymentFile: sim.deploymentFile, store }),
      ]);
      killed = killMidSync(b, BigInt(sim.devnet.deployment.startBlock), last);
      await a.ponder.waitForBlock(last);
      const killedAt = await killed;
      assert.ok(killedAt < last, `B killed at block ${killedAt}, before the head ${last}`);
      assert.equal(b.ponder.isRunning(), false);
      lap(`A at head ${last}, B killed at block ${killedAt}`);
    });

    test(`A follows reorgs at depths ${DEPTHS.join(", ")} during live indexing`, async () => {
      assert.ok(a, "A is running");
      for (const [round, depth] of DEPTHS.entries()) orphaned.push(await reorg(sim, a, `${store}-${round}`, depth));
      head = await headOf(sim);
      lap(`reorgs done, head ${head}`);
    });

    test("B, started again after the SIGKILL, catches up with the final chain", async () => {
      assert.ok(b && head > 0n, "B was killed and the reorgs ran");
      await b.restart();
      await b.ponder.waitForBlock(head);
      lap("B restarted and at head");
      await Promise.all([a?.stop(), b.stop()]);
    });

    test("A equals the chain: one row per canonical log, entities equal the contracts, nothing orphaned", async () => {
      assert.ok(a && head > 0n);
      const client = sim.devnet.writer.client;
      const { logs, problems } = await reconcileLogs(a, client, sim.devnet.deployment, head);
      assert.ok(logs > 500, `expected the small simulation's ~1,100 logs, got ${logs}`);
      assert.deepEqual(problems, []);
      assert.deepEqual(await reconcileEntities(a, client, sim.devnet.deployment), []);
      assert.deepEqual(await a.query(`SELECT kind, details FROM anomaly`), []);
      const [flags] = await a.query<{ runs: number; models: number }>(
        `SELECT (SELECT count(*)::int FROM training_run WHERE trained_on_withdrawn_data) AS runs, (SELECT count(*)::int FROM model WHERE trained_on_withdrawn_data) AS models`,
      );
      // The simulation withdraws consent after training on it; the flag must have been raised.
      assert.ok(flags!.runs > 0 && flags!.models > 0, `expected trained-on-withdrawn flags, got ${JSON.stringify(flags)}`);
      const orphanRecipients = orphaned.flatMap((o) => o.recipients.map((r) => r.toLowerCase()));
      const orphanHashes = orphaned.flatMap((o) => o.contentHashes);
      assert.equal(orphanRecipients.length, DEPTHS.reduce((x, y) => x + y, 0));
      assert.deepEqual(await a.query(`SELECT id FROM account WHERE lower(id) = ANY($1)`, [orphanRecipients]), []);
      assert.deepEqual(await a.query(`SELECT id FROM contribution WHERE content_hash = ANY($1)`, [orphanHashes]), []);
      lap("A reconciled");
    });

    test("B, killed and restarted, holds exactly A's rows in every table", async () => {
      assert.ok(a && b && head > 0n);
      const [expected, actual] = await Promise.all([snapshotTables(a, ALL_TABLES), snapshotTables(b, ALL_TABLES)]);
      assert.ok(expected.token_transfer!.length > 100 && expected.account!.length > 10, "A's tables are filled");
      assert.deepEqual(actual, expected);
      lap("B compared with A");
    });
  });
}
