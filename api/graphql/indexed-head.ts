/**
 * How far the index has got: Ponder's `_ponder_checkpoint` row per chain, read through the
 * read-only client (the table lives in the app's schema, found by the client's search_path).
 */
import { pgTable, text, varchar, bigint } from "drizzle-orm/pg-core";
import type { SqlRunner } from "./read-db.js";

const ponderCheckpoint = pgTable("_ponder_checkpoint", {
  chainName: text("chain_name").primaryKey(),
  chainId: bigint("chain_id", { mode: "number" }).notNull(),
  latestCheckpoint: varchar("latest_checkpoint", { length: 75 }).notNull(),
  finalizedCheckpoint: varchar("finalized_checkpoint", { length: 75 }).notNull(),
});

export type IndexedBlock = { number: bigint; timestamp: bigint };

/** Ponder's checkpoint string: timestamp(10) chainId(16) blockNumber(16) ... Pure. */
export function decodeCheckpointBlock(checkpoint: string): IndexedBlock {
  return { timestamp: BigInt(checkpoint.slice(0, 10)), number: BigInt(checkpoint.slice(26, 42)) };
}

export type IndexedHead = { latest: IndexedBlock; finalized: IndexedBlock; chainId: number };

/** The latest and finalized indexed blocks (the lowest over chains; this hub indexes one). */
export async function readIndexedHead(sql: SqlRunner): Promise<IndexedHead | undefined> {
  const rows = await sql.run(sql.db.select().from(ponderCheckpoint));
  if (rows.length === 0) return undefined;
  const lowest = (blocks: IndexedBlock[]) => blocks.reduce((a, b) => (b.number < a.number ? b : a));
  return {
    latest: lowest(rows.map((r) => decodeCheckpointBlock(r.latestCheckpoint))),
    finalized: lowest(rows.map((r) => decodeCheckpointBlock(r.finalizedCheckpoint))),
    chainId: rows[0]!.chainId,
  };
}
