/**
 * The evidence every row carries: where on chain the fact it records was emitted. Event rows
 * carry their own log; entity rows carry the log that created them (plus `updatedBlock`).
 */
import type { PgColumnsBuilders } from "ponder";

export const evidenceColumns = (t: PgColumnsBuilders) => ({
  chainId: t.integer().notNull(),
  blockNumber: t.bigint().notNull(),
  blockTimestamp: t.bigint().notNull(),
  transactionHash: t.hex().notNull(),
  logIndex: t.integer().notNull(),
});
