import assert from "node:assert/strict";
import { test } from "node:test";
import { concatHex, keccak256, toHex, type Hex } from "viem";
import { merkleRoot } from "./merkle.js";

const leaf = (n: number) => keccak256(toHex(`leaf ${n}`));
const pair = (a: Hex, b: Hex) => (a < b ? keccak256(concatHex([a, b])) : keccak256(concatHex([b, a])));

test("merkle root: empty, one leaf, sorted pairs, odd leaf carried up", () => {
  assert.equal(merkleRoot([]), `0x${"0".repeat(64)}`);
  assert.equal(merkleRoot([leaf(1)]), leaf(1));
  assert.equal(merkleRoot([leaf(1), leaf(2)]), pair(leaf(1), leaf(2)));
  assert.equal(merkleRoot([leaf(2), leaf(1)]), merkleRoot([leaf(1), leaf(2)]), "pairs are order-free");
  assert.equal(merkleRoot([leaf(1), leaf(2), leaf(3)]), pair(pair(leaf(1), leaf(2)), leaf(3)));
  assert.notEqual(merkleRoot([leaf(1), leaf(2), leaf(3)]), merkleRoot([leaf(1), leaf(3), leaf(2)]));
});
