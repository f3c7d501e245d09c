/**
 * Ponder 0.17's checkpoint string (node_modules/ponder/src/utils/checkpoint.ts): block time (10
 * digits), chain id (16), block number (16), then the position inside the block: transaction
 * index (16), event type (1), event index (16). Pure.
 */
/** A block and its time, as a checkpoint names them. */
export type CheckpointHead = { block: bigint; timestamp: number };

/** The position of a block's end: what Ponder writes ("up" rounding) once all of a block is indexed. */
const BLOCK_END = `${"9".repeat(16)}9${"9".repeat(16)}`;

/** The block and block time a checkpoint names, whether or not that block is done. */
export function headOfCheckpoint(checkpoint: string | null | undefined): CheckpointHead {
  if (!checkpoint) return { block: 0n, timestamp: 0 };
  return { block: BigInt(checkpoint.slice(26, 42)), timestamp: Number(checkpoint.slice(0, 10)) };
}

/**
 * The newest block whose rows are all committed, given `latest_checkpoint`. Ponder also commits
 * positions inside a block: its setup sets the start block's first position (block S, nothing
 * of S indexed yet) and a historical batch may end after any event. Taking such a block as
 * indexed let a follower skip it for good: the start block holds OPEN's initial mint, and a
 * sink that looked during Ponder's setup never read it (governance turnout's supply was 0).
 * So a block counts only at its end position; otherwise its predecessor is the head (its time
 * stays the named block's, an upper bound).
 */
export function indexedHeadOfCheckpoint(checkpoint: string | null | undefined): CheckpointHead {
  const head = headOfCheckpoint(checkpoint);
  if (!checkpoint || head.block === 0n || checkpoint.slice(42) === BLOCK_END) return head;
  return { block: head.block - 1n, timestamp: head.timestamp };
}

/** The block every chain has fully indexed: the lowest indexed head of their checkpoints (undefined for none). */
export function lowestIndexedBlock(checkpoints: readonly string[]): bigint | undefined {
  const blocks = checkpoints.map((checkpoint) => indexedHeadOfCheckpoint(checkpoint).block);
  return blocks.length === 0 ? undefined : blocks.reduce((a, b) => (b < a ? b : a));
}
