/**
 * Merkle proofs of datanet version membership, in the form OpenZeppelin's
 * `MerkleProof.verify(proof, root, leaf)` accepts for core/merkle.ts's convention: leaves are
 * the content hashes in contribution id order, pairs hashed sorted, an odd node carried up
 * (so a carried level adds no sibling to the proof). Pure.
 */
import { concatHex, keccak256, type Hex } from "viem";
import { merkleRoot } from "../../core/merkle.js";

function hashPair(a: Hex, b: Hex): Hex {
  return a < b ? keccak256(concatHex([a, b])) : keccak256(concatHex([b, a]));
}

/** Every level of the tree, leaves first: proofs for many leaves share one build. */
export function merkleLevels(leaves: readonly string[]): Hex[][] {
  const levels: Hex[][] = [leaves.map((l) => l.toLowerCase() as Hex)];
  while (levels[levels.length - 1]!.length > 1) {
    const level = levels[levels.length - 1]!;
    const next: Hex[] = [];
    for (let i = 0; i < level.length; i += 2) next.push(i + 1 < level.length ? hashPair(level[i]!, level[i + 1]!) : level[i]!);
    levels.push(next);
  }
  return levels;
}

/** The siblings from leaf `index` up to the root. */
export function merkleProof(levels: readonly Hex[][], index: number): Hex[] {
  const proof: Hex[] = [];
  let i = index;
  for (let depth = 0; depth < levels.length - 1; depth++) {
    const sibling = i % 2 === 0 ? i + 1 : i - 1;
    const node = levels[depth]![sibling];
    if (node !== undefined) proof.push(node);
    i = Math.floor(i / 2);
  }
  return proof;
}

/** OpenZeppelin's processProof with commutative keccak: the root a proof leads to. */
export function processProof(leaf: string, proof: readonly string[]): Hex {
  let computed = leaf.toLowerCase() as Hex;
  for (const node of proof) computed = hashPair(computed, node.toLowerCase() as Hex);
  return computed;
}

export function rootOfLevels(levels: readonly Hex[][]): Hex {
  return levels.length === 0 || levels[0]!.length === 0 ? merkleRoot([]) : levels[levels.length - 1]![0]!;
}
