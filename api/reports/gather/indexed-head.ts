/**
 * The highest block the indexer has committed: Ponder's `_ponder_checkpoint.latest_checkpoint`,
 * written in the same transaction as the rows. A report defaults to this block, not the
 * chain's head, so a lagging indexer cannot produce a report that silently misses facts.
 * The table is read unqualified: Ponder's read-only client, the CLI's and the tests' pools all
 * put the indexer's schema on the search path.
 */
import { sql } from "ponder";
import { ReportIndexerHeadUnknownError } from "../errors.js";
import type { ReportDb } from "./report-db.js";

/**
 * A checkpoint is a string of fixed-width decimal fields: block time (10 digits), chain id (16),
 * block number (16), … With several chains the lowest block is the one all have reached.
 */
const CHECKPOINT_BLOCK = sql.raw("SELECT min(substring(latest_checkpoint from 27 for 16))::numeric::text AS block FROM _ponder_checkpoint");

export async function readIndexedHead(db: ReportDb): Promise<bigint> {
  let rows: { block: string | null }[];
  try {
    const result = (await db.execute(CHECKPOINT_BLOCK)) as unknown as { rows?: { block: string | null }[] } | { block: string | null }[];
    rows = Array.isArray(result) ? result : (result.rows ?? []);
  } catch (cause) {
    throw new ReportIndexerHeadUnknownError("the indexer's checkpoint table cannot be read", cause);
  }
  const block = rows[0]?.block;
  if (block === null || block === undefined) throw new ReportIndexerHeadUnknownError("the indexer has not committed any block yet");
  return BigInt(block);
}
