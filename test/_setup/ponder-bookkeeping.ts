/**
 * Ponder 0.17's bookkeeping tables, as node_modules/ponder/src/database/actions.ts keeps them,
 * for tests that drive the change watch step by step without running Ponder: `_ponder_checkpoint`
 * (latest_checkpoint moves in the same transaction as a block's rows) and `_reorg__<table>`
 * (a serial operation_id and the block's checkpoint per write to an unfinalized block; a reorg
 * deletes the entries above the common ancestor, a finalization those at or below it). Only the
 * columns the watch reads are created; tests/analytics/indexer-sink.test.ts checks the watch
 * against the real Ponder.
 */
import type { Queryable } from "../../analytics/sink/postgres-source.js";

/**
 * Block time (10 digits), chain id (16), block number (16), then a position in the block: its
 * end ("up", what Ponder writes once a block is indexed) or its start ("down", the start
 * block's position its setup writes before indexing any of it).
 */
export function ponderCheckpoint(block: bigint, timestamp: number, chainId = 31337, position: "end" | "start" = "end"): string {
  return `${String(timestamp).padStart(10, "0")}${String(chainId).padStart(16, "0")}${block.toString().padStart(16, "0")}${(position === "end" ? "9" : "0").repeat(33)}`;
}

export class PonderBookkeeping {
  constructor(
    private readonly pool: Queryable,
    private readonly schema: string,
    private readonly tables: readonly string[],
  ) {}

  async create(): Promise<void> {
    const s = `"${this.schema}"`;
    await this.pool.query(`CREATE SCHEMA IF NOT EXISTS ${s}`);
    await this.pool.query(`CREATE TABLE ${s}._ponder_checkpoint (chain_name text PRIMARY KEY, chain_id bigint NOT NULL, safe_checkpoint varchar(75) NOT NULL, latest_checkpoint varchar(75) NOT NULL, finalized_checkpoint varchar(75) NOT NULL)`);
    const zero = ponderCheckpoint(0n, 0);
    await this.pool.query(`INSERT INTO ${s}._ponder_checkpoint VALUES ('protocol', 31337, $1, $1, $1)`, [zero]);
    for (const t of this.tables) await this.pool.query(`CREATE TABLE ${s}."_reorg__${t}" (operation_id serial PRIMARY KEY, operation integer NOT NULL, checkpoint varchar(75) NOT NULL, row_id text)`);
  }

  /**
   * What Ponder's setup commits before its first batch (runtime/omnichain.js): the start block's
   * first position as latest checkpoint, none of that block's rows yet.
   */
  async setup(startBlock: bigint, timestamp: number): Promise<void> {
    await this.pool.query(`UPDATE "${this.schema}"._ponder_checkpoint SET latest_checkpoint = $1, safe_checkpoint = $1, finalized_checkpoint = $1`, [ponderCheckpoint(startBlock, timestamp, 31337, "start")]);
  }

  /** What Ponder commits with a block: one log entry per write, and the new latest checkpoint. */
  async commitBlock(block: bigint, timestamp: number, writes: readonly { table: string; id: string }[], moveCheckpoint = true): Promise<void> {
    const cp = ponderCheckpoint(block, timestamp);
    for (const w of writes) await this.pool.query(`INSERT INTO "${this.schema}"."_reorg__${w.table}" (operation, checkpoint, row_id) VALUES (0, $1, $2)`, [cp, w.id]);
    if (moveCheckpoint) await this.pool.query(`UPDATE "${this.schema}"._ponder_checkpoint SET latest_checkpoint = $1`, [cp]);
  }

  /** A reorg's revert: the log entries above the ancestor go (the caller removes the rows); the checkpoint stays. */
  async revertAbove(block: bigint, timestamp: number): Promise<void> {
    const cp = ponderCheckpoint(block, timestamp);
    for (const t of this.tables) await this.pool.query(`DELETE FROM "${this.schema}"."_reorg__${t}" WHERE checkpoint > $1`, [cp]);
  }

  /** Finality: entries at or below the block are pruned. */
  async finalize(block: bigint, timestamp: number): Promise<void> {
    const cp = ponderCheckpoint(block, timestamp);
    for (const t of this.tables) await this.pool.query(`DELETE FROM "${this.schema}"."_reorg__${t}" WHERE checkpoint <= $1`, [cp]);
    await this.pool.query(`UPDATE "${this.schema}"._ponder_checkpoint SET finalized_checkpoint = $1, safe_checkpoint = $1`, [cp]);
  }
}
