/** The baseline app stores one row per log and nothing else. */
import { onchainTable } from "ponder";

export const logRow = onchainTable("log_row", (t) => ({
  id: t.text().primaryKey(),
  contract: t.hex().notNull(),
  eventName: t.text().notNull(),
  chainId: t.integer().notNull(),
  blockNumber: t.bigint().notNull(),
  blockTimestamp: t.bigint().notNull(),
  transactionHash: t.hex().notNull(),
  logIndex: t.integer().notNull(),
}));
