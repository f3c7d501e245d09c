/**
 * The reconciler's guarantee at no cost at rest (issue 14): a job whose verdict never arrived
 * is re-queued (oldest block first), a job with a verdict never is, and once every job has its
 * verdict a reconcile round reads no row of replay_jobs or replay_verdicts (counted by
 * Postgres itself in the round's transaction, pg_stat_xact_user_tables). A candidate left over
 * by a writer that did not clear it (a verdict written by an older version) is dropped.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import pg from "pg";
import { InProcessQueue } from "../../replay/queue/in-process-queue.js";
import { Reconciler } from "../../replay/reconciler.js";
import { PostgresVerdictStore } from "../../replay/verdicts/postgres-verdict-store.js";
import type { Verdict } from "../../replay/verdicts/types.js";
import type { ReplayJob } from "../../replay/verify/verifier.js";
import { freshDatabase, type FreshDatabase } from "../_setup/replay-services.js";

const hash = (n: number) => `0x${n.toString(16).padStart(64, "0")}` as const;

function job(id: number, block: number): ReplayJob {
  return {
    jobKey: `inference-${id}-${hash(id)}`,
    claim: {
      chainId: 31337, inferenceId: BigInt(id), modelId: 1n, adapterId: 0n, runId: 1n, caller: "0x00000000000000000000000000000000000000ca",
      inputHash: hash(id + 100), outputHash: hash(id + 200), fee: 1000n, methodId: 1, contributionIds: [7n], weightsPpm: [1_000_000],
      transactionHash: hash(id + 300), blockNumber: BigInt(block), logIndex: 0,
    },
  };
}

function verdictFor(j: ReplayJob): Verdict {
  const c = j.claim;
  const weights = { contributionIds: c.contributionIds, weightsPpm: c.weightsPpm };
  return {
    jobKey: j.jobKey, chainId: c.chainId, inferenceId: c.inferenceId, claimHash: hash(Number(c.inferenceId)), modelId: c.modelId, adapterId: c.adapterId,
    runId: c.runId, methodId: c.methodId, blockNumber: c.blockNumber, verdict: "verified", reasonCode: "VERIFIED_EXACT", reason: "test",
    claimedOutputHash: c.outputHash, observedOutputHash: c.outputHash, outputMatch: "exact", outputMaxAbsDiff: null, outputTolerance: 1e-4,
    claimed: weights, observed: weights, largestDeviationPpm: 0, weightTolerancePpm: 1000, l1DeviationPpm: 0, l1TolerancePpm: 2000,
    failedRules: [], executionProvider: "cpu", runtimeMs: 1, batchSize: 1, workerVersion: "test", verifiedAt: new Date(),
  };
}

let db: FreshDatabase;
let client: pg.Client;
let store: PostgresVerdictStore;

before(async () => {
  db = await freshDatabase("reconcile");
  // one session, so that the round's reads can be counted in its own transaction
  client = new pg.Client({ connectionString: db.url, options: "-c search_path=replay,public" });
  await client.connect();
  store = await PostgresVerdictStore.open(client, "replay");
});
after(async () => {
  await client?.end();
  await db?.drop();
});

const pendingRows = async () => Number((await client.query<{ n: string }>("SELECT count(*) AS n FROM replay_unfinished")).rows[0]!.n);

test("jobs without a verdict are re-queued oldest block first; finished ones never; at rest a round reads no job or verdict row", async () => {
  const jobs = [job(1, 30), job(2, 10), job(3, 20)];
  assert.equal((await store.recordJobs(jobs, "test")).size, 3);
  assert.equal((await store.recordJobs(jobs, "test")).size, 0, "recording again is one job");
  assert.deepEqual((await store.unfinishedJobs()).map((j) => j.jobKey), [jobs[1]!.jobKey, jobs[2]!.jobKey, jobs[0]!.jobKey]);

  // a queue that lost everything (Redis restarted empty): all three come back, once
  const queue = new InProcessQueue({ attempts: 1, backoffMs: 10 });
  const reconciler = new Reconciler(store, queue, 60_000);
  assert.equal(await reconciler.runOnce(), 3);
  assert.equal(await reconciler.runOnce(), 0, "the queue holds them now");

  assert.deepEqual([...(await store.saveVerdicts([verdictFor(jobs[0]!), verdictFor(jobs[1]!)]))].sort(), [jobs[0]!.jobKey, jobs[1]!.jobKey].sort());
  assert.deepEqual((await store.unfinishedJobs()).map((j) => j.jobKey), [jobs[2]!.jobKey]);
  assert.equal(await new Reconciler(store, new InProcessQueue({ attempts: 1, backoffMs: 10 }), 60_000).runOnce(), 1, "only the job without a verdict");

  // the last verdict, then its job put back as a candidate (a writer that did not clear it)
  await store.saveVerdicts([verdictFor(jobs[2]!)]);
  await client.query("INSERT INTO replay_unfinished (job_key) VALUES ($1)", [jobs[2]!.jobKey]);
  assert.deepEqual(await store.unfinishedJobs(), [], "a job with a verdict is not unfinished");
  assert.equal(await pendingRows(), 0, "the stale candidate was dropped");

  // at rest: the round's own reads, counted by Postgres in this session (the view also holds
  // this session's not yet flushed counts, hence before and after)
  const reads = async () => {
    const r = await client.query<{ n: string }>(
      `SELECT coalesce(sum(coalesce(seq_scan, 0) + coalesce(idx_scan, 0) + coalesce(seq_tup_read, 0) + coalesce(idx_tup_fetch, 0)), 0)::text AS n
       FROM pg_stat_xact_user_tables WHERE schemaname = 'replay' AND relname IN ('replay_jobs', 'replay_verdicts')`,
    );
    return Number(r.rows[0]!.n);
  };
  await client.query("BEGIN");
  try {
    const before = await reads();
    assert.equal(await new Reconciler(store, new InProcessQueue({ attempts: 1, backoffMs: 10 }), 60_000).runOnce(), 0);
    assert.equal(await reads(), before, "no scan of replay_jobs or replay_verdicts at rest");
  } finally {
    await client.query("COMMIT");
  }
});
