/** Ponder's checkpoints as the sink reads them; the strings are ones Ponder 0.17 wrote on the devnet. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { headOfCheckpoint, indexedHeadOfCheckpoint, lowestIndexedBlock } from "./ponder-checkpoint.js";

// Ponder's setup: the start block (1), at its first position ("down"), nothing of it indexed.
const SETUP = "176722561200000000000313370000000000000001000000000000000000000000000000000";
// A historical batch through block 26, at the block's end ("up").
const BATCH_END = "176722591200000000000313370000000000000026999999999999999999999999999999999";
// A batch that ended at a log of block 40 (transaction 1, event type 5: logs, log 2).
const MID_BLOCK = `1767226080${"31337".padStart(16, "0")}${"40".padStart(16, "0")}${"1".padStart(16, "0")}5${"2".padStart(16, "0")}`;

for (const c of [SETUP, BATCH_END, MID_BLOCK]) assert.equal(c.length, 75);

test("a checkpoint at a block's end names an indexed block; one inside a block names the block before", () => {
  assert.deepEqual(headOfCheckpoint(SETUP), { block: 1n, timestamp: 1767225612 });
  assert.deepEqual(indexedHeadOfCheckpoint(SETUP), { block: 0n, timestamp: 1767225612 });
  assert.deepEqual(indexedHeadOfCheckpoint(BATCH_END), { block: 26n, timestamp: 1767225912 });
  assert.deepEqual(headOfCheckpoint(MID_BLOCK).block, 40n);
  assert.deepEqual(indexedHeadOfCheckpoint(MID_BLOCK).block, 39n);
});

test("no checkpoint (no row yet, or Ponder's zero checkpoint) is block 0", () => {
  for (const none of [null, undefined, ""]) assert.deepEqual(indexedHeadOfCheckpoint(none), { block: 0n, timestamp: 0 });
  assert.deepEqual(indexedHeadOfCheckpoint("0".repeat(75)), { block: 0n, timestamp: 0 });
});

test("across chains the indexed block is the lowest indexed head; no checkpoint row is none", () => {
  assert.equal(lowestIndexedBlock([BATCH_END, MID_BLOCK]), 26n);
  assert.equal(lowestIndexedBlock([MID_BLOCK]), 39n);
  assert.equal(lowestIndexedBlock([]), undefined);
});
