/**
 * The highest block the indexer has committed: Ponder's `_ponder_checkpoint.latest_checkpoint`,
 * written in the same transaction as the rows. A report defaults to this block, not the
 * chain's head, so a lagging indexer cannot produce a report that silently misses facts.
 * The table is read unqualified: Ponder's read-only client, the CLI's and the tests' pools all
 * put the indexer's schema on the search path.
 */
import { sql } from "ponder";
import { lowestIndexedBlock } from "../../../indexer/ponder-checkpoint.js";
import { ReportIndexerHeadUnknownError } from "../errors.js";
import type { ReportDb } from "./report-db.js";

/**
 * With several chains the lowest block is the one all have reached; a checkpoint inside a block
 * (Ponder's setup, a batch ending after any event) counts as its predecessor, so a report as
 * of the head never states a block only part of which is indexed (indexer/ponder-checkpoint.ts).
 */
const CHECKPOINTS = sql.raw("SELECT latest_checkpoint FROM _ponder_checkpoint");

export async function readIndexedHead(db: ReportDb): Promise<bigint> {
  type Row = { latest_checkpoint: string };
  let rows: Row[];
  try {
    const result = (await db.execute(CHECKPOINTS)) as unknown as { rows?: Row[] } | Row[];
    rows = Array.isArray(result) ? result : (result.rows ?? []);
  } catch (cause) {
    throw new ReportIndexerHeadUnknownError("the indexer's checkpoint table cannot be read", cause);
  }
  const block = lowestIndexedBlock(rows.map((row) => row.latest_checkpoint));
  if (block === undefined) throw new ReportIndexerHeadUnknownError("the indexer has not committed any block yet");
  return block;
}
