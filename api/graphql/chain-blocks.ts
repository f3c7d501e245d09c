/**
 * Block hashes and timestamps, which the indexer's rows do not store (they keep number,
 * timestamp, transaction hash and log index): read from Ponder's sync store (`ponder_sync.blocks`,
 * every block that carried an indexed log once it is final) and, for the blocks it lacks (the
 * unfinalized tail, blocks without logs), from the chain through Ponder's RPC client.
 */
import DataLoader from "dataloader";
import { and, eq, inArray } from "ponder";
import { bigint, pgSchema, varchar } from "drizzle-orm/pg-core";
import type { Hex } from "viem";
import type { SqlRunner } from "./read-db.js";

const syncBlocks = pgSchema("ponder_sync").table("blocks", {
  chainId: bigint("chain_id", { mode: "bigint" }).notNull(),
  number: bigint("number", { mode: "bigint" }).notNull(),
  timestamp: bigint("timestamp", { mode: "bigint" }).notNull(),
  hash: varchar("hash", { length: 66 }).notNull(),
});

export type ChainBlock = { number: bigint; hash: Hex; timestamp: bigint };

/** The part of a viem public client the API uses (Ponder's `publicClients[chain]`). */
export type ChainReader = {
  getBlock(args: { blockNumber: bigint }): Promise<{ number: bigint | null; hash: Hex | null; timestamp: bigint }>;
  getBlockNumber?(): Promise<bigint>;
};

export function createBlockLoader(sql: SqlRunner, chainId: number, chain: ChainReader | undefined): DataLoader<bigint, ChainBlock | null, string> {
  return new DataLoader<bigint, ChainBlock | null, string>(
    async (numbers) => {
      const found = new Map<bigint, ChainBlock>();
      const rows = await sql
        .run(sql.db.select().from(syncBlocks).where(and(eq(syncBlocks.chainId, BigInt(chainId)), inArray(syncBlocks.number, [...numbers]))))
        .catch(() => [] as (typeof syncBlocks.$inferSelect)[]);
      for (const r of rows) found.set(r.number, { number: r.number, hash: r.hash as Hex, timestamp: r.timestamp });
      const missing = numbers.filter((n) => !found.has(n));
      if (chain && missing.length > 0) {
        const fetched = await Promise.all(missing.map((n) => chain.getBlock({ blockNumber: n }).catch(() => undefined)));
        fetched.forEach((b, i) => {
          if (b?.hash) found.set(missing[i]!, { number: missing[i]!, hash: b.hash, timestamp: b.timestamp });
        });
      }
      return numbers.map((n) => found.get(n) ?? null);
    },
    { cacheKeyFn: (n) => n.toString() },
  );
}

/**
 * The last block at or before `timestamp` among blocks 0..head: binary search over the chain
 * (timestamps never decrease). Touches the network.
 */
export async function blockAtTimestampFromChain(chain: ChainReader, timestamp: bigint, head: bigint): Promise<bigint | undefined> {
  let lo = 0n;
  let hi = head;
  let best: bigint | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) / 2n;
    const b = await chain.getBlock({ blockNumber: mid });
    if (b.timestamp <= timestamp) {
      best = mid;
      lo = mid + 1n;
    } else hi = mid - 1n;
  }
  return best;
}
