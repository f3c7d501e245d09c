/**
 * Acceptance: over the small simulation with every kind of dishonest claim planted (the classic
 * ones and the adversarial shapes aimed at each verifier rule), the worker
 * flags each planted claim with the right verdict and no honest one (recall = precision = 1),
 * on the in-process queue and on BullMQ; ClickHouse facts hold one row per job.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ALL_DISHONEST_KINDS, EXPECTED_VERDICT, readGroundTruth, type GroundTruth } from "../../devnet/simulator/ground-truth.js";
import { ChainClaimSource } from "../../replay/claims/chain-claim-source.js";
import { BullmqQueue } from "../../replay/queue/bullmq-queue.js";
import { startReplay } from "../../replay/runtime.js";
import { AnalyticsVerdictFactSink } from "../../replay/verdicts/verdict-facts.js";
import { startSimulatedDevnet, type SimulatedDevnet } from "../_setup/simulated-devnet.js";
import { freshDatabase, TEST_REDIS_URL, uniqueRedisPrefix } from "../_setup/replay-services.js";
import { testReplayConfig } from "./_replay-config.js";

describe("replay flags exactly the planted dishonest claims", () => {
  let sim: SimulatedDevnet;
  let truth: GroundTruth;
  let chdbDir: string;
  let facts: AnalyticsVerdictFactSink;

  before(async () => {
    // Two of each kind, the adversarial ones included (54 inferences, 16 planted).
    sim = await startSimulatedDevnet({ seed: "replay-precision", scale: "small", dishonestShare: 0.3, dishonestKinds: ALL_DISHONEST_KINDS });
    truth = await readGroundTruth(sim.groundTruthPath);
    chdbDir = await mkdtemp(join(tmpdir(), "ph-replay-chdb-"));
    facts = await AnalyticsVerdictFactSink.open({ engine: "chdb", path: chdbDir, database: "analytics" });
  });
  after(async () => {
    await facts?.close();
    await sim?.stop();
    if (chdbDir) await rm(chdbDir, { recursive: true, force: true });
  });

  for (const kind of ["in-process", "bullmq"] as const) {
    test(`${kind} queue: recall and precision are 1`, async () => {
      const kinds = new Set(truth.dishonest.map((d) => d.kind));
      assert.deepEqual([...kinds].sort(), [...ALL_DISHONEST_KINDS].sort(), "the simulation planted every kind");
      const db = await freshDatabase();
      const prefix = uniqueRedisPrefix();
      const source = ChainClaimSource.fromDeployment(sim.devnet.deployment);
      const runtime = await startReplay({
        config: testReplayConfig({ databaseUrl: db.url, artifactsDir: sim.store.root, redisUrl: kind === "bullmq" ? TEST_REDIS_URL : undefined, queuePrefix: prefix }),
        source,
        facts,
        log: () => {},
      });
      try {
        assert.equal(runtime.queue.kind, kind);
        const queued = await runtime.enqueue(source.claims(), "test");
        assert.equal(queued.sampled, truth.inferences);
        await runtime.waitForVerdicts(queued.jobKeys, undefined, 100);
        const verdicts = await runtime.store.verdicts();
        assert.equal(verdicts.length, truth.inferences);
        const planted = new Map(truth.dishonest.map((d) => [BigInt(d.inferenceId), d]));
        let truePositives = 0;
        let falsePositives = 0;
        for (const v of verdicts) {
          const d = planted.get(v.inferenceId);
          if (d) {
            const expected = EXPECTED_VERDICT[d.kind];
            assert.equal(v.verdict, expected.verdict, `inference ${v.inferenceId} (${d.kind}) got ${v.verdict} ${v.reasonCode}`);
            if (expected.reasonCode) assert.equal(v.reasonCode, expected.reasonCode, `inference ${v.inferenceId} (${d.kind}): ${v.reason}`);
            truePositives++;
          } else if (v.verdict !== "verified") {
            falsePositives++;
            assert.fail(`honest inference ${v.inferenceId} flagged ${v.verdict} (${v.reasonCode}, deviation ${v.largestDeviationPpm})`);
          }
          assert.equal(v.executionProvider, "cpu");
        }
        assert.equal(truePositives / planted.size, 1, "recall");
        assert.equal(truePositives / (truePositives + falsePositives), 1, "precision");
      } finally {
        if (runtime.queue instanceof BullmqQueue) await runtime.queue.obliterate().catch(() => {});
        await runtime.stop();
        await db.drop();
      }
      const byModel = await facts.countsByModel();
      assert.equal(byModel.reduce((n, r) => n + Number(r.n), 0), truth.inferences, "one fact per job key, whatever ran twice");
    });
  }
});
