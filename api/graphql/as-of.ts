/**
 * Time travel: which block a request answers for. Without `asOf` it is the indexed head; with
 * `{ block }` that block; with `{ timestamp }` the last block at or before that time. A block the
 * index has not reached is refused (BAD_USER_INPUT): the chain as it stood then is not known yet.
 */
import { blockAtTimestampFromChain, type ChainReader } from "./chain-blocks.js";
import { BadUserInputError } from "./errors.js";
import type { IndexedHead } from "./indexed-head.js";

export type AsOfInput = { block?: bigint | null; timestamp?: bigint | null };

export type AnsweredBlock = {
  number: bigint;
  /** True when answering at the indexed head: stored counters and statuses are current then. */
  atHead: boolean;
  head: IndexedHead;
};

export async function resolveAnsweredBlock(head: IndexedHead, asOf: AsOfInput | null | undefined, chain: ChainReader | undefined): Promise<AnsweredBlock> {
  const headNumber = head.latest.number;
  const hasBlock = asOf?.block !== undefined && asOf?.block !== null;
  const hasTimestamp = asOf?.timestamp !== undefined && asOf?.timestamp !== null;
  if (hasBlock && hasTimestamp) throw new BadUserInputError("asOf takes a block or a timestamp, not both", { hint: "asOf: { block: 123 } or asOf: { timestamp: 1767225600 }" });
  if (hasBlock) {
    const block = asOf!.block!;
    if (block < 0n) throw new BadUserInputError(`asOf block ${block} is negative`, { hint: "a block number >= 0" });
    if (block > headNumber) {
      throw new BadUserInputError(`asOf block ${block} is beyond the indexed head ${headNumber}`, {
        hint: "ask for a block at or below _meta.block.number, or wait for the indexer to reach it",
        details: { head: headNumber.toString() },
      });
    }
    return { number: block, atHead: block === headNumber, head };
  }
  if (hasTimestamp) {
    const timestamp = asOf!.timestamp!;
    if (timestamp > head.latest.timestamp) {
      throw new BadUserInputError(`asOf timestamp ${timestamp} is after the indexed head's time ${head.latest.timestamp}`, {
        hint: "blocks after the indexed head may still come with earlier timestamps than this; ask for a time at or before _meta.block.timestamp",
        details: { headTimestamp: head.latest.timestamp.toString() },
      });
    }
    if (!chain) throw new BadUserInputError("asOf timestamp needs the chain's RPC, which this API process lacks", { hint: "use asOf: { block }" });
    const block = await blockAtTimestampFromChain(chain, timestamp, headNumber);
    if (block === undefined) throw new BadUserInputError(`no block at or before timestamp ${timestamp}`, { hint: "a timestamp after the chain's first block" });
    return { number: block, atHead: block === headNumber, head };
  }
  return { number: headNumber, atHead: true, head };
}
