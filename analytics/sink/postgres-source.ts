/**
 * The one place that knows the indexer's Postgres tables (schema/ in this repo, built by
 * Ponder: snake_case columns, bigint as numeric(78,0), hex as text). Each fact is a SELECT
 * over a block range returning the fact's columns as text: identity (id = chainId-txHash-
 * logIndex, with a suffix where one log yields several rows), block time and payload. Point
 * the sink at other tables by changing only this file.
 */
import type pg from "pg";
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

/** Reads the indexer's Postgres tables. Network. */
export class PostgresFactSource {
  private readonly pool: pg.Pool;
  private readonly queries: Record<FactName, string>;
  private readonly schema: string;

  constructor(pool: pg.Pool, schema: string) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(schema)) throw new RangeError(`not a plain schema name: ${schema}`);
    this.pool = pool;
    this.schema = schema;
    this.queries = factQueries(schema);
  }

  /** The newest indexed block that holds any followed row (0 when none), and its time. */
  async head(): Promise<SourceHead> {
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
