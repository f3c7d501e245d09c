/**
 * A ClaimSource over the indexer's Postgres tables (schema/: inference, attribution_share,
 * training_run, datanet_version, adapter, contribution_status_change), named through the schema
 * objects. Read-only: the replay
 * worker never writes to Ponder's schema. Its head is the highest block the indexer holds.
 */
import pg from "pg";
import type { Address, Hex } from "viem";
import { hashFromCasUri } from "../../artifacts/store.js";
import { assertIdentifier } from "../../core/sql/identifier.js";
import type { Queryable } from "../../core/sql/queryable.js";
import { componentLogger } from "../../core/logger.js";
import { errorListener } from "../../core/metrics/index.js";
import { sqlTable } from "../../core/sql/table-names.js";
import { attributionShare, inference } from "../../schema/attribution.js";
import { contributionStatusChange, datanetVersion } from "../../schema/datanets.js";
import { adapter, trainingRun } from "../../schema/models.js";
import { IndexerChangeWatch } from "../../analytics/sink/indexer-change-watch.js";
import type { AdapterRecord, Claim, ClaimFilter, ClaimSource, DatanetVersionRecord, EventPosition, RunRecord } from "./types.js";

type ClaimRow = {
  id: string; model_id: string; adapter_id: string; run_id: string; caller: string; input_hash: string; output_hash: string; fee: string;
  chain_id: number; block_number: string; log_index: number; transaction_hash: string; method_id: number | null;
  contribution_ids: string[] | null; weights: number[] | null;
};

const PAGE = 2000;

// Table and column names come from the schema objects: a rename in schema/ fails the typecheck here.
const I = sqlTable(inference);
const S = sqlTable(attributionShare);
const TR = sqlTable(trainingRun);
const DV = sqlTable(datanetVersion);
const AD = sqlTable(adapter);
const SC = sqlTable(contributionStatusChange);

export class PostgresClaimSource implements ClaimSource {
  private readonly pool: Queryable;
  private readonly ownedPool: pg.Pool | undefined;
  private readonly schema: string;

  /**
   * `schema` is the indexer's (Ponder's DATABASE_SCHEMA); `database` a URL (a pool of our own)
   * or a connection someone else owns (inside the Ponder process: Ponder's own client).
   */
  constructor(database: string | Queryable, schema: string) {
    this.schema = assertIdentifier(schema);
    if (typeof database === "string") {
      this.ownedPool = new pg.Pool({ connectionString: database, max: 2 });
      this.ownedPool.on("error", errorListener(componentLogger("claim-source"), "claim source: an idle Postgres connection failed"));
      this.pool = this.ownedPool;
    } else {
      this.ownedPool = undefined;
      this.pool = database;
    }
  }

  async head(): Promise<bigint> {
    const r = await this.pool.query<{ b: string | null }>(`SELECT max(${I.col("blockNumber")})::text AS b FROM ${I.in(this.schema)}`);
    return BigInt(r.rows[0]?.b ?? "0");
  }

  async *claims(filter: ClaimFilter = {}): AsyncIterable<Claim> {
    let after = -1n;
    for (;;) {
      const i = (k: Parameters<typeof I.col>[0]) => I.col(k, "i");
      const sh = (k: Parameters<typeof S.col>[0]) => S.col(k, "s");
      const where = [`${i("id")} > $1`];
      const params: unknown[] = [after.toString()];
      const add = (sql: string, value: unknown) => {
        params.push(value);
        where.push(sql.replace("?", `$${params.length}`));
      };
      if (filter.fromBlock !== undefined) add(`${i("blockNumber")} >= ?`, filter.fromBlock.toString());
      if (filter.toBlock !== undefined) add(`${i("blockNumber")} <= ?`, filter.toBlock.toString());
      // By attribution block: start from the shares of those blocks (block index) and look each
      // inference up by key; the planner is never left to scan every inference for a few new ones.
      let from = `${I.in(this.schema)} i`;
      if (filter.attributedFromBlock !== undefined || filter.attributedToBlock !== undefined) {
        params.push((filter.attributedFromBlock ?? 0n).toString(), (filter.attributedToBlock ?? 2n ** 62n).toString());
        from = `(SELECT DISTINCT ${S.col("inferenceId", "a")} AS inference_id FROM ${S.in(this.schema)} a WHERE ${S.col("blockNumber", "a")} BETWEEN $${params.length - 1} AND $${params.length}) n
                CROSS JOIN LATERAL (SELECT * FROM ${I.in(this.schema)} x WHERE ${I.col("id", "x")} = n.inference_id OFFSET 0) i`;
      }
      if (filter.modelId !== undefined) add(`${i("modelId")} = ?`, filter.modelId.toString());
      if (filter.inferenceIds) add(`${i("id")} = ANY(?)`, filter.inferenceIds.map(String));
      const rows = await this.pool.query<ClaimRow>(
        `SELECT ${i("id")}::text AS id, ${i("modelId")}::text AS model_id, ${i("adapterId")}::text AS adapter_id, ${i("runId")}::text AS run_id, ${i("caller")} AS caller,
                ${i("inputHash")} AS input_hash, ${i("outputHash")} AS output_hash, ${i("fee")}::text AS fee, ${i("chainId")} AS chain_id, ${i("blockNumber")}::text AS block_number,
                ${i("logIndex")} AS log_index, ${i("transactionHash")} AS transaction_hash, ${i("methodId")} AS method_id,
                (SELECT array_agg(${sh("contributionId")}::text ORDER BY ${sh("position")}) FROM ${S.in(this.schema)} s WHERE ${sh("inferenceId")} = ${i("id")}) AS contribution_ids,
                (SELECT array_agg(${sh("weightPpm")} ORDER BY ${sh("position")}) FROM ${S.in(this.schema)} s WHERE ${sh("inferenceId")} = ${i("id")}) AS weights
         FROM ${from} WHERE ${where.join(" AND ")} ORDER BY ${i("id")} LIMIT ${PAGE}`,
        params,
      );
      for (const r of rows.rows) {
        // An inference whose AttributionRecorded is not indexed yet is not a claim yet.
        if (r.method_id === null || !r.contribution_ids) continue;
        yield {
          chainId: r.chain_id,
          inferenceId: BigInt(r.id),
          modelId: BigInt(r.model_id),
          adapterId: BigInt(r.adapter_id),
          runId: BigInt(r.run_id),
          caller: r.caller as Address,
          inputHash: r.input_hash as Hex,
          outputHash: r.output_hash as Hex,
          fee: BigInt(r.fee),
          methodId: r.method_id,
          contributionIds: r.contribution_ids.map((id) => BigInt(id)),
          weightsPpm: r.weights!.map(Number),
          blockNumber: BigInt(r.block_number),
          logIndex: r.log_index,
          transactionHash: r.transaction_hash as Hex,
        };
      }
      if (rows.rows.length < PAGE) return;
      after = BigInt(rows.rows.at(-1)!.id);
    }
  }

  async run(runId: bigint): Promise<RunRecord | undefined> {
    const run = await this.pool.query<{ model_id: string; weights_hash: string; config_hash: string; datanet_ids: string[]; datanet_versions: number[] }>(
      `SELECT ${TR.col("modelId")}::text AS model_id, ${TR.col("weightsHash")} AS weights_hash, ${TR.col("configHash")} AS config_hash, ${TR.col("datanetIds")}::text[] AS datanet_ids, ${TR.col("datanetVersions")} AS datanet_versions
       FROM ${TR.in(this.schema)} WHERE ${TR.col("id")} = $1`,
      [runId.toString()],
    );
    const r = run.rows[0];
    if (!r) return undefined;
    const ids = r.datanet_ids.map((id, i) => `${id}-${r.datanet_versions[i]}`);
    const versions = await this.pool.query<{ id: string; datanet_id: string; version: number; merkle_root: string; contribution_count: number; manifest_uri: string }>(
      `SELECT ${DV.col("id")} AS id, ${DV.col("datanetId")}::text AS datanet_id, ${DV.col("version")} AS version, ${DV.col("merkleRoot")} AS merkle_root, ${DV.col("contributionCount")} AS contribution_count, ${DV.col("manifestUri")} AS manifest_uri
       FROM ${DV.in(this.schema)} WHERE ${DV.col("id")} = ANY($1)`,
      [ids],
    );
    const byId = new Map(versions.rows.map((v) => [v.id, v]));
    const datanetVersions: DatanetVersionRecord[] = [];
    for (const id of ids) {
      const v = byId.get(id);
      if (!v) return undefined;
      datanetVersions.push({ datanetId: BigInt(v.datanet_id), version: v.version, merkleRoot: v.merkle_root as Hex, contributionCount: v.contribution_count, manifestUri: v.manifest_uri, manifestHash: hashFromCasUri(v.manifest_uri) });
    }
    return { runId, modelId: BigInt(r.model_id), weightsHash: r.weights_hash as Hex, configHash: r.config_hash as Hex, datanetVersions };
  }

  async adapter(adapterId: bigint): Promise<AdapterRecord | undefined> {
    const r = await this.pool.query<{ model_id: string; run_id: string; adapter_hash: string }>(`SELECT ${AD.col("modelId")}::text AS model_id, ${AD.col("runId")}::text AS run_id, ${AD.col("adapterHash")} AS adapter_hash FROM ${AD.in(this.schema)} WHERE ${AD.col("id")} = $1`, [adapterId.toString()]);
    const a = r.rows[0];
    return a ? { adapterId, modelId: BigInt(a.model_id), runId: BigInt(a.run_id), adapterHash: a.adapter_hash as Hex } : undefined;
  }

  async withdrawnBefore(contributionIds: readonly bigint[], position: EventPosition): Promise<ReadonlyMap<bigint, EventPosition>> {
    const r = await this.pool.query<{ contribution_id: string; block_number: string; log_index: number }>(
      `SELECT ${SC.col("contributionId")}::text AS contribution_id, ${SC.col("blockNumber")}::text AS block_number, ${SC.col("logIndex")} AS log_index FROM ${SC.in(this.schema)}
       WHERE ${SC.col("change")} = 'withdrawn' AND ${SC.col("contributionId")} = ANY($1)
         AND (${SC.col("blockNumber")} < $2 OR (${SC.col("blockNumber")} = $2 AND ${SC.col("logIndex")} < $3))`,
      [contributionIds.map(String), position.blockNumber.toString(), position.logIndex],
    );
    return new Map(r.rows.map((w) => [BigInt(w.contribution_id), { blockNumber: BigInt(w.block_number), logIndex: w.log_index }]));
  }

  /** The indexer's change check over the tables a claim is made of. */
  changeWatch(): IndexerChangeWatch {
    return new IndexerChangeWatch(this.pool, this.schema, [I.name, S.name]);
  }

  async close(): Promise<void> {
    await this.ownedPool?.end();
  }
}
