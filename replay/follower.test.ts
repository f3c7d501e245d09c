/**
 * The claim follower over tables in the indexer's shape with Ponder's bookkeeping, driven block
 * by block: an inference indexed before its attribution (in a later block, or in the same block
 * after the follower's first look at it) is queued exactly once, when its attribution is
 * indexed; at rest the follower reads nothing beyond its change check; a reorg to the same
 * height is noticed and what it replaced is queued, nothing twice; finality pruning is no reorg.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import pg from "pg";
import { freshDatabase, type FreshDatabase } from "../test/_setup/replay-services.js";
import { PonderBookkeeping } from "../test/_setup/ponder-bookkeeping.js";
import { PostgresClaimSource } from "./claims/postgres-claim-source.js";
import { enqueue } from "./enqueue.js";
import { ClaimFollower } from "./follower.js";
import { InProcessQueue } from "./queue/in-process-queue.js";
import { PostgresVerdictStore } from "./verdicts/postgres-verdict-store.js";

const SCHEMA = "ponder_follow";
const EVIDENCE = "chain_id integer NOT NULL, block_number numeric(78,0) NOT NULL, block_timestamp numeric(78,0) NOT NULL, transaction_hash text NOT NULL, log_index integer NOT NULL";
const hash = (n: number) => `0x${n.toString(16).padStart(64, "0")}`;
const time = (block: bigint) => 1_767_000_000 + Number(block) * 2;

let db: FreshDatabase;
let pool: pg.Pool;
let ponder: PonderBookkeeping;

async function insertInference(id: number, block: bigint): Promise<{ table: string; id: string }> {
  await pool.query(
    `INSERT INTO "${SCHEMA}".inference VALUES ($1, 1, 0, 1, $2, $3, $4, 1000, NULL, 31337, $5, $6, $7, 0)`,
    [id, hash(0xca11), hash(id), hash(id + 1000), block.toString(), time(block), hash(id + 2000)],
  );
  return { table: "inference", id: String(id) };
}

/** AttributionRecorded: two shares, and the inference gets its method (as indexer/attribution.ts does). */
async function insertAttribution(inferenceId: number, block: bigint): Promise<{ table: string; id: string }[]> {
  const writes = [{ table: "inference", id: String(inferenceId) }];
  for (const [position, contribution] of [7, 9].entries()) {
    const id = `${inferenceId}-${contribution}`;
    await pool.query(`INSERT INTO "${SCHEMA}".attribution_share VALUES ($1, $2, $3, 1, $4, $5, 31337, $6, $7, $8, 1)`, [id, inferenceId, contribution, 600_000 - position * 200_000, position, block.toString(), time(block), hash(inferenceId + 3000)]);
    writes.push({ table: "attribution_share", id });
  }
  await pool.query(`UPDATE "${SCHEMA}".inference SET method_id = 1 WHERE id = $1`, [inferenceId]);
  return writes;
}

before(async () => {
  db = await freshDatabase("follow");
  pool = new pg.Pool({ connectionString: db.url, max: 3 });
  ponder = new PonderBookkeeping(pool, SCHEMA, ["inference", "attribution_share"]);
  await ponder.create();
  await pool.query(`CREATE TABLE "${SCHEMA}".inference (id numeric(78,0) PRIMARY KEY, model_id numeric(78,0) NOT NULL, adapter_id numeric(78,0) NOT NULL, run_id numeric(78,0) NOT NULL, caller text NOT NULL, input_hash text NOT NULL, output_hash text NOT NULL, fee numeric(78,0) NOT NULL, method_id integer, ${EVIDENCE})`);
  await pool.query(`CREATE TABLE "${SCHEMA}".attribution_share (id text PRIMARY KEY, inference_id numeric(78,0) NOT NULL, contribution_id numeric(78,0) NOT NULL, method_id integer NOT NULL, weight_ppm integer NOT NULL, position integer NOT NULL, ${EVIDENCE})`);
  await pool.query(`CREATE INDEX ON "${SCHEMA}".attribution_share (block_number)`);
});
after(async () => {
  await pool?.end();
  await db?.drop();
});

test("follower: late attributions queued once, nothing read at rest, a same-height reorg noticed, finality is no reorg", async () => {
  const store = await PostgresVerdictStore.connect(db.url);
  const queue = new InProcessQueue({ attempts: 1, backoffMs: 10 });
  const source = new PostgresClaimSource(pool, SCHEMA);
  const follower = new ClaimFollower({ store, enqueue: (claims, requestedBy) => enqueue({ claims, store, queue, requestedBy }) }, source);
  try {
    // block 10: inference 1 without its attribution yet
    await ponder.commitBlock(10n, time(10n), [await insertInference(1, 10n)]);
    assert.equal(await follower.pollOnce(), 0, "no claim before its attribution");
    // block 11: inference 2 attributed in the same block
    await ponder.commitBlock(11n, time(11n), [await insertInference(2, 11n), ...(await insertAttribution(2, 11n))]);
    assert.equal(await follower.pollOnce(), 1);
    // block 12: inference 1's attribution, two blocks after its inference
    await ponder.commitBlock(12n, time(12n), await insertAttribution(1, 12n));
    assert.equal(await follower.pollOnce(), 1, "the late attribution completes inference 1");
    assert.equal(follower.activitySnapshot().lastWork?.kind, "incremental");

    // block 13: the inference row lands before the checkpoint says block 13 is indexed, and the
    // follower looks in between; its attribution follows in the same block
    await ponder.commitBlock(13n, time(13n), [await insertInference(3, 13n)], false);
    assert.equal(await follower.pollOnce(), 0);
    await ponder.commitBlock(13n, time(13n), await insertAttribution(3, 13n));
    assert.equal(await follower.pollOnce(), 1, "inference 3 is queued once its block is committed");

    // at rest: polls, and nothing read beyond the change check
    const busy = follower.activitySnapshot();
    for (let i = 0; i < 5; i++) assert.equal(await follower.pollOnce(), 0);
    const rest = follower.activitySnapshot();
    assert.equal(rest.polls, busy.polls + 5);
    assert.equal(rest.works, busy.works, "no reads at rest");
    assert.equal(rest.rowsReadTotal, busy.rowsReadTotal);
    assert.equal(rest.mode, "idle");
    assert.ok(rest.checkRowsTotal - busy.checkRowsTotal <= 5 * 5, `the change check returns at most 5 rows a poll (the checkpoint, two lookups per table) (${rest.checkRowsTotal - busy.checkRowsTotal} in 5)`);

    // a reorg of block 13 to a new block 13 with the same checkpoint: inference 3 is replaced by 4
    await ponder.revertAbove(12n, time(12n));
    await pool.query(`DELETE FROM "${SCHEMA}".attribution_share WHERE block_number > 12`);
    await pool.query(`DELETE FROM "${SCHEMA}".inference WHERE block_number > 12`);
    await ponder.commitBlock(13n, time(13n), [await insertInference(4, 13n), ...(await insertAttribution(4, 13n))]);
    assert.equal(await follower.pollOnce(), 1, "the new branch's claim is queued");
    const reorged = follower.activitySnapshot();
    assert.equal(reorged.lastWork?.kind, "resync");
    assert.equal(reorged.resyncs, rest.resyncs + 1);

    // finality prunes Ponder's log: a change, but no reorg and nothing to read
    await ponder.finalize(13n, time(13n));
    assert.equal(await follower.pollOnce(), 0);
    assert.equal(follower.activitySnapshot().resyncs, reorged.resyncs, "pruning is not a reorg");
    for (let i = 0; i < 3; i++) assert.equal(await follower.pollOnce(), 0);

    const jobs = await store.pool.query<{ inference_id: string }>("SELECT inference_id::text AS inference_id FROM replay_jobs ORDER BY inference_id");
    assert.deepEqual(jobs.rows.map((r) => r.inference_id), ["1", "2", "3", "4"], "every claim once (3's job stays: jobs are never deleted)");
  } finally {
    await queue.close();
    await store.close();
  }
});
