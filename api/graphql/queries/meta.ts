/** `_meta`: the block answered for and how far behind each stage is (indexer, sink, replay). */
import { builder } from "../builder.js";
import { BlockRef } from "../types/evidence.js";
import { AsOfInputRef } from "../types/evidence.js";

type Meta = { blockNumber: bigint };

const MetaRef = builder.objectRef<Meta>("Meta").implement({
  fields: (t) => ({
    block: t.field({
      type: BlockRef,
      description: "The block this answer is for (the indexed head unless asOf says otherwise).",
      resolve: async (m, _a, ctx) => {
        const b = await ctx.chainBlock(m.blockNumber);
        return { number: m.blockNumber, hash: b?.hash ?? null, timestamp: b?.timestamp ?? null };
      },
    }),
    indexedBlock: t.field({ type: "BigInt", description: "The indexer's latest indexed block.", resolve: async (_m, _a, ctx) => (await ctx.head()).latest.number }),
    indexingLag: t.field({
      type: "BigInt",
      nullable: true,
      description: "Chain head minus indexed block (null when the API process has no RPC).",
      resolve: async (_m, _a, ctx) => {
        const chainHead = await ctx.chain?.getBlockNumber?.().catch(() => undefined);
        if (chainHead === undefined) return null;
        const lag = chainHead - (await ctx.head()).latest.number;
        return lag > 0n ? lag : 0n;
      },
    }),
    sinkLag: t.field({
      type: "BigInt",
      nullable: true,
      description: "Indexed blocks not yet in the analytics store (null when no sink runs here).",
      resolve: async (_m, _a, ctx) => {
        const analytics = await ctx.services.analytics?.().catch(() => undefined);
        return (await Promise.resolve(analytics?.lag()).catch(() => undefined))?.blocks ?? null;
      },
    }),
    replayBacklog: t.int({
      nullable: true,
      description: "Replay jobs without a verdict yet (null when no verdict store is reachable).",
      resolve: async (_m, _a, ctx) => {
        const reader = await ctx.services.verdicts?.().catch(() => undefined);
        return reader ? reader.backlog() : null;
      },
    }),
  }),
});

builder.queryField("_meta", (t) =>
  t.field({
    type: MetaRef,
    args: { asOf: t.arg({ type: AsOfInputRef, required: false }) },
    resolve: async (_r, a, ctx) => ({ blockNumber: (await ctx.view(a.asOf)).block.number }),
  }),
);
