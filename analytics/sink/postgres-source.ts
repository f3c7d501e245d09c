/**
 * The one place that knows the indexer's Postgres tables (schema/ in this repo, built by
 * Ponder: snake_case columns, bigint as numeric(78,0), hex as text). Each fact is a SELECT
 * over a block range returning the fact's columns as text: identity (id = chainId-txHash-
 * logIndex, with a suffix where one log yields several rows), block time and payload. Point
 * the sink at other tables by changing only this file.
 */
import { assertIdentifier } from "../../core/sql/identifier.js";
import type { FactName, SourceRow } from "./facts.js";

const EVIDENCE = (t: string) =>
  `${t}.chain_id::text AS chain_id, ${t}.block_number::text AS block_number, ${t}.block_timestamp::text AS block_timestamp, ${t}.transaction_hash AS transaction_hash, ${t}.log_index::text AS log_index`;
const EVENT_ID = (t: string) => `${t}.chain_id::text || '-' || ${t}.transaction_hash || '-' || ${t}.log_index::text`;
const RANGE = (t: string) => `${t}.block_number BETWEEN $1 AND $2`;

/** SELECTs by fact, over `schema`, with $1..$2 the block range (inclusive). */
export function factQueries(schema: string): Record<FactName, string> {
  const s = `"${schema}"`;
  return {
    inference: `SELECT ${EVENT_ID("i")} AS id, ${EVIDENCE("i")}, i.id::text AS inference_id, i.model_id::text AS model_id, i.adapter_id::text AS adapter_id, i.run_id::text AS run_id, i.caller AS caller, i.fee::text AS fee
      FROM ${s}.inference i WHERE ${RANGE("i")}`,
    // One AttributionRecorded yields one row per contribution: its id already says which.
    attribution_share: `SELECT a.id AS id, ${EVIDENCE("a")}, a.inference_id::text AS inference_id, i.model_id::text AS model_id, a.method_id::text AS method_id, a.contribution_id::text AS contribution_id, c.datanet_id::text AS datanet_id, c.contributor AS contributor, a.weight_ppm::text AS weight_ppm
      FROM ${s}.attribution_share a LEFT JOIN ${s}.inference i ON i.id = a.inference_id LEFT JOIN ${s}.contribution c ON c.id = a.contribution_id WHERE ${RANGE("a")}`,
    reward: `SELECT r.id AS id, ${EVIDENCE("r")}, r.inference_id::text AS inference_id, COALESCE(r.model_id, i.model_id)::text AS model_id, r.contribution_id::text AS contribution_id, c.datanet_id::text AS datanet_id, r.contributor AS contributor, r.amount::text AS amount
      FROM ${s}.reward r LEFT JOIN ${s}.inference i ON i.id = r.inference_id LEFT JOIN ${s}.contribution c ON c.id = r.contribution_id WHERE ${RANGE("r")}`,
    contribution: `SELECT ${EVENT_ID("c")} AS id, ${EVIDENCE("c")}, c.id::text AS contribution_id, c.datanet_id::text AS datanet_id, c.contributor AS contributor, c.size::text AS size, c.content_hash AS content_hash
      FROM ${s}.contribution c WHERE ${RANGE("c")}`,
    contribution_review: `SELECT h.id AS id, ${EVIDENCE("h")}, h.contribution_id::text AS contribution_id, h.datanet_id::text AS datanet_id, h.actor AS actor, h.change AS status, COALESCE(h.reason, '') AS reason
      FROM ${s}.contribution_status_change h WHERE ${RANGE("h")} AND h.change <> 'submitted'`,
    vote: `SELECT v.id AS id, ${EVIDENCE("v")}, v.proposal_id::text AS proposal_id, v.voter AS voter, v.support::text AS support, v.weight::text AS weight, v.reason AS reason
      FROM ${s}.vote v WHERE ${RANGE("v")}`,
    token_transfer: `SELECT t.id AS id, ${EVIDENCE("t")}, t."from" AS from_address, t."to" AS to_address, t.value::text AS value
      FROM ${s}.token_transfer t WHERE ${RANGE("t")}`,
  };
}

/** The tables the facts come from, for the head query. */
const SOURCE_TABLES = ["inference", "attribution_share", "reward", "contribution", "contribution_status_change", "vote", "token_transfer"];

export type SourceHead = { block: bigint; timestamp: number };

import type { Queryable } from "../../core/sql/queryable.js";
export type { Queryable } from "../../core/sql/queryable.js";
/** A pg.Pool: lets the source read a round in one snapshot. */
type Connectable = Queryable & { connect(): Promise<Queryable & { release(): void }> };

/**
 * Ponder's committed position: `_ponder_checkpoint.latest_checkpoint` is written in the same
 * transaction as the rows, and encodes block time (10 digits), chain id (16), block number (16)…
 */
const PONDER_HEAD = (s: string) =>
  `SELECT min(substring(latest_checkpoint from 27 for 16))::numeric::text AS block, min(substring(latest_checkpoint from 1 for 10))::numeric::text AS ts FROM "${s}"._ponder_checkpoint`;

/** Reads the indexer's Postgres tables. Network. */
export class PostgresFactSource {
  private readonly pool: Queryable;
  private readonly queries: Record<FactName, string>;
  private readonly schema: string;
  private ponderHead: boolean | undefined;

  constructor(pool: Queryable, schema: string) {
    assertIdentifier(schema);
    this.pool = pool;
    this.schema = schema;
    this.queries = factQueries(schema);
  }

  /**
   * Runs `work` with this source reading one REPEATABLE READ snapshot (when given a pool), so
   * a round sees the indexer's head and rows as of one commit, never half of a reorg.
   */
  async inSnapshot<T>(work: (source: PostgresFactSource) => Promise<T>): Promise<T> {
    if (!("connect" in this.pool)) return work(this);
    const client = await (this.pool as Connectable).connect();
    try {
      await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
      const snapshot = new PostgresFactSource(client, this.schema);
      snapshot.ponderHead = this.ponderHead;
      const result = await work(snapshot);
      await client.query("COMMIT");
      return result;
    } catch (error) {
      await client.query("ROLLBACK").catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  /**
   * The indexed head and its block time: Ponder's committed checkpoint when the schema has one,
   * otherwise the newest block holding any followed row (0 when none).
   */
  async head(): Promise<SourceHead> {
    if (this.ponderHead === undefined) {
      const found = await this.pool.query<{ n: number }>("SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = $1 AND table_name = '_ponder_checkpoint'", [this.schema]);
      this.ponderHead = (found.rows[0]?.n ?? 0) > 0;
    }
    let checkpoint: SourceHead = { block: 0n, timestamp: 0 };
    if (this.ponderHead) {
      const r = await this.pool.query<{ block: string | null; ts: string | null }>(PONDER_HEAD(this.schema));
      checkpoint = { block: BigInt(r.rows[0]?.block ?? "0"), timestamp: Number(r.rows[0]?.ts ?? "0") };
    }
    // Rows can be ahead of the checkpoint Ponder last wrote (seen right after a reorg), and the
    // checkpoint ahead of the rows (empty blocks): the head is the later of the two.
    const rows = await this.rowHead();
    return rows.block > checkpoint.block ? rows : checkpoint;
  }

  private async rowHead(): Promise<SourceHead> {
    const union = SOURCE_TABLES.map((t) => `(SELECT block_number, block_timestamp FROM "${this.schema}".${t} ORDER BY block_number DESC LIMIT 1)`).join(" UNION ALL ");
    const result = await this.pool.query<{ block: string | null; ts: string | null }>(`SELECT max(block_number)::text AS block, max(block_timestamp)::text AS ts FROM (${union}) h`);
    return { block: BigInt(result.rows[0]?.block ?? "0"), timestamp: Number(result.rows[0]?.ts ?? "0") };
  }

  /** The fact's source rows with block in [from, to]. */
  async rows(fact: FactName, from: bigint, to: bigint): Promise<SourceRow[]> {
    const result = await this.pool.query<SourceRow>(this.queries[fact], [from.toString(), to.toString()]);
    return result.rows;
  }
}
