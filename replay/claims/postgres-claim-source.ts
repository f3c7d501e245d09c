/**
 * A ClaimSource over the indexer's Postgres tables (schema/: inference, attribution_share,
 * training_run, datanet_version, adapter, contribution_status_change). Read-only: the replay
 * worker never writes to Ponder's schema. Its head is the highest block the indexer holds.
 */
import pg from "pg";
import type { Address, Hex } from "viem";
import { hashFromCasUri } from "../../artifacts/store.js";
import { assertIdentifier } from "../../core/sql/identifier.js";
import type { Queryable } from "../../core/sql/queryable.js";
import { componentLogger } from "../../core/logger.js";
import { errorListener } from "../../core/metrics/index.js";
import type { AdapterRecord, Claim, ClaimFilter, ClaimSource, DatanetVersionRecord, EventPosition, RunRecord } from "./types.js";

type ClaimRow = {
  id: string; model_id: string; adapter_id: string; run_id: string; caller: string; input_hash: string; output_hash: string; fee: string;
  chain_id: number; block_number: string; log_index: number; transaction_hash: string; method_id: number | null;
  contribution_ids: string[] | null; weights: number[] | null;
};

const PAGE = 2000;

export class PostgresClaimSource implements ClaimSource {
  private readonly pool: Queryable;
  private readonly ownedPool: pg.Pool | undefined;
  private readonly s: string;

  /**
   * `schema` is the indexer's (Ponder's DATABASE_SCHEMA); `database` a URL (a pool of our own)
   * or a connection someone else owns (inside the Ponder process: Ponder's own client).
   */
  constructor(database: string | Queryable, schema: string) {
    this.s = `"${assertIdentifier(schema)}"`;
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
    const r = await this.pool.query<{ b: string | null }>(`SELECT max(block_number)::text AS b FROM ${this.s}.inference`);
    return BigInt(r.rows[0]?.b ?? "0");
  }

  async *claims(filter: ClaimFilter = {}): AsyncIterable<Claim> {
    let after = -1n;
    for (;;) {
      const where = ["i.id > $1"];
      const params: unknown[] = [after.toString()];
      const add = (sql: string, value: unknown) => {
        params.push(value);
        where.push(sql.replace("?", `$${params.length}`));
      };
      if (filter.fromBlock !== undefined) add("i.block_number >= ?", filter.fromBlock.toString());
      if (filter.toBlock !== undefined) add("i.block_number <= ?", filter.toBlock.toString());
      if (filter.modelId !== undefined) add("i.model_id = ?", filter.modelId.toString());
      if (filter.inferenceIds) add("i.id = ANY(?)", filter.inferenceIds.map(String));
      const rows = await this.pool.query<ClaimRow>(
        `SELECT i.id::text, i.model_id::text, i.adapter_id::text, i.run_id::text, i.caller, i.input_hash, i.output_hash, i.fee::text,
                i.chain_id, i.block_number::text, i.log_index, i.transaction_hash, i.method_id,
                (SELECT array_agg(s.contribution_id::text ORDER BY s.position) FROM ${this.s}.attribution_share s WHERE s.inference_id = i.id) AS contribution_ids,
                (SELECT array_agg(s.weight_ppm ORDER BY s.position) FROM ${this.s}.attribution_share s WHERE s.inference_id = i.id) AS weights
         FROM ${this.s}.inference i WHERE ${where.join(" AND ")} ORDER BY i.id LIMIT ${PAGE}`,
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
      `SELECT model_id::text, weights_hash, config_hash, datanet_ids::text[] AS datanet_ids, datanet_versions FROM ${this.s}.training_run WHERE id = $1`,
      [runId.toString()],
    );
    const r = run.rows[0];
    if (!r) return undefined;
    const ids = r.datanet_ids.map((id, i) => `${id}-${r.datanet_versions[i]}`);
    const versions = await this.pool.query<{ id: string; datanet_id: string; version: number; merkle_root: string; contribution_count: number; manifest_uri: string }>(
      `SELECT id, datanet_id::text, version, merkle_root, contribution_count, manifest_uri FROM ${this.s}.datanet_version WHERE id = ANY($1)`,
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
    const r = await this.pool.query<{ model_id: string; run_id: string; adapter_hash: string }>(`SELECT model_id::text, run_id::text, adapter_hash FROM ${this.s}.adapter WHERE id = $1`, [adapterId.toString()]);
    const a = r.rows[0];
    return a ? { adapterId, modelId: BigInt(a.model_id), runId: BigInt(a.run_id), adapterHash: a.adapter_hash as Hex } : undefined;
  }

  async withdrawnBefore(contributionIds: readonly bigint[], position: EventPosition): Promise<ReadonlyMap<bigint, EventPosition>> {
    const r = await this.pool.query<{ contribution_id: string; block_number: string; log_index: number }>(
      `SELECT contribution_id::text, block_number::text, log_index FROM ${this.s}.contribution_status_change
       WHERE change = 'withdrawn' AND contribution_id = ANY($1) AND (block_number < $2 OR (block_number = $2 AND log_index < $3))`,
      [contributionIds.map(String), position.blockNumber.toString(), position.logIndex],
    );
    return new Map(r.rows.map((w) => [BigInt(w.contribution_id), { blockNumber: BigInt(w.block_number), logIndex: w.log_index }]));
  }

  async close(): Promise<void> {
    await this.ownedPool?.end();
  }
}
