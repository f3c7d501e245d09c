/**
 * Evidence: where on chain a record's fact was emitted. Rows store chain id, block number and
 * timestamp, transaction hash and log index; the block hash is not stored by the indexer and is
 * looked up (Ponder's sync store, then the RPC), null when neither has the block.
 */
import { builder } from "../builder.js";

export type EvidenceRow = { chainId: number; blockNumber: bigint; blockTimestamp: bigint; transactionHash: `0x${string}`; logIndex: number };

export const EvidenceRef = builder.objectRef<EvidenceRow>("Evidence").implement({
  description: "The log a record was derived from: cite it, or fetch the receipt to check it.",
  fields: (t) => ({
    chainId: t.exposeInt("chainId"),
    blockNumber: t.expose("blockNumber", { type: "BigInt" }),
    blockHash: t.field({
      type: "Hex",
      nullable: true,
      description: "Looked up by block number (the indexer does not store it): null when neither the sync store nor the RPC has the block.",
      resolve: async (e, _args, ctx) => (await ctx.chainBlock(e.blockNumber))?.hash ?? null,
    }),
    timestamp: t.field({ type: "BigInt", description: "Block timestamp, Unix seconds.", resolve: (e) => e.blockTimestamp }),
    transactionHash: t.expose("transactionHash", { type: "Hex" }),
    logIndex: t.exposeInt("logIndex"),
  }),
});

export type BlockInfo = { number: bigint; hash: `0x${string}` | null; timestamp: bigint | null };

export const BlockRef = builder.objectRef<BlockInfo>("Block").implement({
  fields: (t) => ({
    number: t.expose("number", { type: "BigInt" }),
    hash: t.expose("hash", { type: "Hex", nullable: true }),
    timestamp: t.expose("timestamp", { type: "BigInt", nullable: true }),
  }),
});

export const AsOfInputRef = builder.inputType("AsOf", {
  description: "Answer as the chain stood at this block, or at the last block at or before this Unix time. One of the two.",
  fields: (t) => ({
    block: t.field({ type: "BigInt", required: false }),
    timestamp: t.field({ type: "BigInt", required: false }),
  }),
});
