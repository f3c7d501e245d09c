import assert from "node:assert/strict";
import { test } from "node:test";
import { keccak256, toHex } from "viem";
import { merkleRoot } from "../../core/merkle.js";
import { merkleLevels, merkleProof, processProof, rootOfLevels } from "./merkle-proofs.js";

test("every leaf's proof leads to core/merkle.ts's root, for even, odd and single-leaf trees", () => {
  for (const size of [1, 2, 3, 5, 8, 13]) {
    const leaves = Array.from({ length: size }, (_, i) => keccak256(toHex(`leaf ${i}`)));
    const levels = merkleLevels(leaves);
    assert.equal(rootOfLevels(levels), merkleRoot(leaves), `root of ${size}`);
    leaves.forEach((leaf, i) => assert.equal(processProof(leaf, merkleProof(levels, i)), merkleRoot(leaves), `leaf ${i} of ${size}`));
    if (size > 1) assert.notEqual(processProof(leaves[0]!, merkleProof(levels, 1)), merkleRoot(leaves), "another leaf's proof fails");
  }
});
