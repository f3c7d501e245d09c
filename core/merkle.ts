/**
 * The datanet version root: a Merkle tree over content hashes in contribution id order, pairs
 * hashed sorted (OpenZeppelin MerkleProof's commutative convention), an odd node carried up.
 */
import { concatHex, keccak256, type Hex } from "viem";

const ZERO = `0x${"0".repeat(64)}` as Hex;

function hashPair(a: Hex, b: Hex): Hex {
  return a.toLowerCase() < b.toLowerCase() ? keccak256(concatHex([a, b])) : keccak256(concatHex([b, a]));
}

export function merkleRoot(leaves: readonly Hex[]): Hex {
  if (leaves.length === 0) return ZERO;
  let level = leaves.map((l) => l.toLowerCase() as Hex);
  while (level.length > 1) {
    const next: Hex[] = [];
    for (let i = 0; i < level.length; i += 2) {
      next.push(i + 1 < level.length ? hashPair(level[i]!, level[i + 1]!) : level[i]!);
    }
    level = next;
  }
  return level[0]!;
}
