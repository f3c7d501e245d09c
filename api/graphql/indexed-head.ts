/**
 * How far the index has got: Ponder's `_ponder_checkpoint` row per chain, read through the
 * read-only client (the table lives in the app's schema, found by the client's search_path).
 */
import { pgTable, text, varchar, bigint } from "drizzle-orm/pg-core";
import { indexedHeadOfCheckpoint } from "../../indexer/ponder-checkpoint.js";
import type { SqlRunner } from "./read-db.js";

const ponderCheckpoint = pgTable("_ponder_checkpoint", {
  chainName: text("chain_name").primaryKey(),
  chainId: bigint("chain_id", { mode: "number" }).notNull(),
  latestCheckpoint: varchar("latest_checkpoint", { length: 75 }).notNull(),
  finalizedCheckpoint: varchar("finalized_checkpoint", { length: 75 }).notNull(),
});

export type IndexedBlock = { number: bigint; timestamp: bigint };

/**
 * The newest block whose rows are all committed. Ponder also commits positions inside a block
 * (its setup, a historical batch ending after any event); answering "as of N" then would state
 * a block only part of which is indexed, and the response cache would keep that answer for N.
 */
export function decodeCheckpointBlock(checkpoint: string): IndexedBlock {
  const head = indexedHeadOfCheckpoint(checkpoint);
  return { timestamp: BigInt(head.timestamp), number: head.block };
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
