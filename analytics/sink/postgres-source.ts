/**
 * The one place that knows the indexer's Postgres tables (schema/ in this repo, built by
 * Ponder: snake_case columns, bigint as numeric(78,0), hex as text), its table and column names
 * taken from the schema objects so a rename in schema/ fails the typecheck. Each fact is a SELECT
 * over a block range returning the fact's columns as text: identity (id = chainId-txHash-
 * logIndex, with a suffix where one log yields several rows), block time and payload. Point
 * the sink at other tables by changing only this file.
 */
import { assertIdentifier } from "../../core/sql/identifier.js";
import { sqlTable } from "../../core/sql/table-names.js";
import { attributionShare, inference, reward } from "../../schema/attribution.js";
import { contribution, contributionStatusChange } from "../../schema/datanets.js";
import { vote } from "../../schema/governance.js";
import { tokenTransfer } from "../../schema/token.js";
import type { FactName, SourceRow } from "./facts.js";
import { IndexerChangeWatch } from "./indexer-change-watch.js";
import { headOfCheckpoint, indexedHeadOfCheckpoint } from "../../indexer/ponder-checkpoint.js";

/** The columns every indexer row carries (schema/evidence.ts). */
type EvidenceKey = "chainId" | "blockNumber" | "blockTimestamp" | "transactionHash" | "logIndex";
/** Any table with the evidence columns: a table without one of them is not assignable here. */
type EvidenceTable = { col: (key: EvidenceKey, alias?: string) => string };

/**
 * One row of `table` by key, looked up per source row: a LATERAL that OFFSET 0 keeps from being
 * flattened into a join, so the planner cannot pick a hash join that reads the whole table for
 * the few rows of a new block (PGlite has no statistics to tell it otherwise).
 */
const BY_KEY = (tableSql: string, alias: string, columns: string, key: string) =>
  `LEFT JOIN LATERAL (SELECT ${columns} FROM ${tableSql} ${alias} WHERE ${alias}."id" = ${key} OFFSET 0) ${alias} ON true`;

const I = sqlTable(inference);
const A = sqlTable(attributionShare);
const R = sqlTable(reward);
const C = sqlTable(contribution);
const H = sqlTable(contributionStatusChange);
const V = sqlTable(vote);
const T = sqlTable(tokenTransfer);

const ev = (t: EvidenceTable, key: EvidenceKey, a: string) => t.col(key, a);
const EVIDENCE = (t: EvidenceTable, a: string) =>
  `${ev(t, "chainId", a)}::text AS chain_id, ${ev(t, "blockNumber", a)}::text AS block_number, ${ev(t, "blockTimestamp", a)}::text AS block_timestamp, ${ev(t, "transactionHash", a)} AS transaction_hash, ${ev(t, "logIndex", a)}::text AS log_index`;
const EVENT_ID = (t: EvidenceTable, a: string) => `${ev(t, "chainId", a)}::text || '-' || ${ev(t, "transactionHash", a)} || '-' || ${ev(t, "logIndex", a)}::text`;
const RANGE = (t: EvidenceTable, a: string) => `${ev(t, "blockNumber", a)} BETWEEN $1 AND $2`;

/** SELECTs by fact, over `schema`, with $1..$2 the block range (inclusive). Names come from schema/. */
export function factQueries(schema: string): Record<FactName, string> {
  const i = (k: Parameters<typeof I.col>[0]) => I.col(k, "i");
  const a = (k: Parameters<typeof A.col>[0]) => A.col(k, "a");
  const r = (k: Parameters<typeof R.col>[0]) => R.col(k, "r");
  const c = (k: Parameters<typeof C.col>[0]) => C.col(k, "c");
  const h = (k: Parameters<typeof H.col>[0]) => H.col(k, "h");
  const v = (k: Parameters<typeof V.col>[0]) => V.col(k, "v");
  const t = (k: Parameters<typeof T.col>[0]) => T.col(k, "t");
  return {
    inference: `SELECT ${EVENT_ID(I, "i")} AS id, ${EVIDENCE(I, "i")}, ${i("id")}::text AS inference_id, ${i("modelId")}::text AS model_id, ${i("adapterId")}::text AS adapter_id, ${i("runId")}::text AS run_id, ${i("caller")} AS caller, ${i("fee")}::text AS fee
      FROM ${I.in(schema)} i WHERE ${RANGE(I, "i")}`,
    // One AttributionRecorded yields one row per contribution: its id already says which.
    attribution_share: `SELECT ${a("id")} AS id, ${EVIDENCE(A, "a")}, ${a("inferenceId")}::text AS inference_id, ${i("modelId")}::text AS model_id, ${a("methodId")}::text AS method_id, ${a("contributionId")}::text AS contribution_id, ${c("datanetId")}::text AS datanet_id, ${c("contributor")} AS contributor, ${a("weightPpm")}::text AS weight_ppm
      FROM ${A.in(schema)} a ${BY_KEY(I.in(schema), "i", i("modelId"), a("inferenceId"))} ${BY_KEY(C.in(schema), "c", `${c("datanetId")}, ${c("contributor")}`, a("contributionId"))} WHERE ${RANGE(A, "a")}`,
    reward: `SELECT ${r("id")} AS id, ${EVIDENCE(R, "r")}, ${r("inferenceId")}::text AS inference_id, COALESCE(${r("modelId")}, ${i("modelId")})::text AS model_id, ${r("contributionId")}::text AS contribution_id, ${c("datanetId")}::text AS datanet_id, ${r("contributor")} AS contributor, ${r("amount")}::text AS amount
      FROM ${R.in(schema)} r ${BY_KEY(I.in(schema), "i", i("modelId"), r("inferenceId"))} ${BY_KEY(C.in(schema), "c", c("datanetId"), r("contributionId"))} WHERE ${RANGE(R, "r")}`,
    contribution: `SELECT ${EVENT_ID(C, "c")} AS id, ${EVIDENCE(C, "c")}, ${c("id")}::text AS contribution_id, ${c("datanetId")}::text AS datanet_id, ${c("contributor")} AS contributor, ${c("size")}::text AS size, ${c("contentHash")} AS content_hash
      FROM ${C.in(schema)} c WHERE ${RANGE(C, "c")}`,
    contribution_review: `SELECT ${h("id")} AS id, ${EVIDENCE(H, "h")}, ${h("contributionId")}::text AS contribution_id, ${h("datanetId")}::text AS datanet_id, ${h("actor")} AS actor, ${h("change")} AS status, COALESCE(${h("reason")}, '') AS reason
      FROM ${H.in(schema)} h WHERE ${RANGE(H, "h")} AND ${h("change")} <> 'submitted'`,
    vote: `SELECT ${v("id")} AS id, ${EVIDENCE(V, "v")}, ${v("proposalId")}::text AS proposal_id, ${v("voter")} AS voter, ${v("support")}::text AS support, ${v("weight")}::text AS weight, ${v("reason")} AS reason
      FROM ${V.in(schema)} v WHERE ${RANGE(V, "v")}`,
    token_transfer: `SELECT ${t("id")} AS id, ${EVIDENCE(T, "t")}, ${t("from")} AS from_address, ${t("to")} AS to_address, ${t("value")}::text AS value
      FROM ${T.in(schema)} t WHERE ${RANGE(T, "t")}`,
  };
}

/** The tables the facts come from, for the head query and the change watch. */
export const SOURCE_TABLES = [I, A, R, C, H, V, T].map((t) => t.name);

export type SourceHead = { block: bigint; timestamp: number };

import type { Queryable } from "../../core/sql/queryable.js";
export type { Queryable } from "../../core/sql/queryable.js";
/** A pg.Pool: lets the source read a round in one snapshot. */
type Connectable = Queryable & { connect(): Promise<Queryable & { release(): void }> };

/**
 * Ponder's committed position: `_ponder_checkpoint.latest_checkpoint` is written in the same
 * transaction as the rows (decoded in indexer/ponder-checkpoint.ts).
 */
const PONDER_HEAD = (s: string) => `SELECT min(latest_checkpoint) AS checkpoint FROM "${s}"._ponder_checkpoint`;

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
    let latest: string | null = null;
    if (this.ponderHead) {
      const r = await this.pool.query<{ checkpoint: string | null }>(PONDER_HEAD(this.schema));
      latest = r.rows[0]?.checkpoint ?? null;
    }
    // Rows can be ahead of the checkpoint Ponder last wrote (seen right after a reorg), and the
    // checkpoint ahead of the rows (empty blocks): the head is the later of the two. Rows in
    // the very block the checkpoint names do not make it done: Ponder may be inside it (its
    // setup names the start block before indexing any of it), so then the head is the block
    // before (indexedHeadOfCheckpoint), and the block is read again once Ponder is past it.
    const rows = await this.rowHead();
    return rows.block > headOfCheckpoint(latest).block ? rows : indexedHeadOfCheckpoint(latest);
  }

  private async rowHead(): Promise<SourceHead> {
    const union = SOURCE_TABLES.map((t) => `(SELECT block_number, block_timestamp FROM "${this.schema}".${t} ORDER BY block_number DESC LIMIT 1)`).join(" UNION ALL ");
    const result = await this.pool.query<{ block: string | null; ts: string | null }>(`SELECT max(block_number)::text AS block, max(block_timestamp)::text AS ts FROM (${union}) h`);
    return { block: BigInt(result.rows[0]?.block ?? "0"), timestamp: Number(result.rows[0]?.ts ?? "0") };
  }

  /** A cheap check of whether the followed tables changed (one small query a poll). */
  changeWatch(): IndexerChangeWatch {
    return new IndexerChangeWatch(this.pool, this.schema, SOURCE_TABLES);
  }

  /** The fact's source rows with block in [from, to]. */
  async rows(fact: FactName, from: bigint, to: bigint): Promise<SourceRow[]> {
    const result = await this.pool.query<SourceRow>(this.queries[fact], [from.toString(), to.toString()]);
    return result.rows;
  }
}
