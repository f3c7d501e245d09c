/**
 * Anomalies are data: an event that cannot be linked to what the index knows (an unknown
 * contribution, an attribution for an unknown inference, ...) is kept here with its evidence
 * and indexing goes on.
 */
import { index, onchainTable } from "ponder";
import { evidenceColumns } from "./evidence.js";

export const anomaly = onchainTable(
  "anomaly",
  (t) => ({
    id: t.text().primaryKey(), // `${eventId}-${kind}[-${subject}]`
    kind: t.text().notNull(),
    eventName: t.text().notNull(),
    contract: t.hex().notNull(),
    /** JSON: what was missing or inconsistent. */
    details: t.text().notNull(),
    ...evidenceColumns(t),
  }),
  (table) => ({ kindIdx: index().on(table.kind), blockIdx: index().on(table.blockNumber) }),
);
