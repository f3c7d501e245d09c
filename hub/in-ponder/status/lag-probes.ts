/**
 * The network side of the lag monitor: the chain head from the RPC (eth_getBlockByNumber
 * "latest", with a timeout), the indexer's committed checkpoint, the sink's synced block and the
 * replay backlog from the verdict store. Block timestamps are cached (a block's time never
 * changes at a given number except by reorg, and a few seconds' error there is harmless).
 */
import { createPublicClient, http } from "viem";
import type { Queryable } from "../../../core/sql/queryable.js";
import { assertIdentifier } from "../../../core/sql/identifier.js";
import type { LagProbes, ReplayPosition } from "./lag-monitor.js";
import { lowestIndexedBlock } from "../../../indexer/ponder-checkpoint.js";

export type LagProbeSources = {
  rpcUrl: string;
  /** The indexer's database and schema (Ponder's `_ponder_checkpoint`). */
  indexerDb: Queryable;
  schema: string;
  /** The analytics sink's synced block (undefined before its first round). */
  sinkBlock(): bigint | undefined;
  /** The database holding replay_jobs and replay_verdicts (search path set), if the worker runs here. */
  replayDb?: Queryable;
  rpcTimeoutMs?: number;
};

export function createLagProbes(sources: LagProbeSources): LagProbes {
  assertIdentifier(sources.schema);
  const client = createPublicClient({ transport: http(sources.rpcUrl, { timeout: sources.rpcTimeoutMs ?? 2000, retryCount: 0 }) });
  const timestamps = new Map<bigint, number>();
  const indexer = async (): Promise<bigint | undefined> => {
    const r = await sources.indexerDb.query<{ latest_checkpoint: string }>(`SELECT latest_checkpoint FROM "${sources.schema}"._ponder_checkpoint`);
    return lowestIndexedBlock(r.rows.map((row) => row.latest_checkpoint));
  };
  return {
    async chainHead() {
      const block = await client.getBlock({ blockTag: "latest" });
      timestamps.set(block.number, Number(block.timestamp));
      return { block: block.number, timestamp: Number(block.timestamp) };
    },
    indexer,
    async sink() {
      return sources.sinkBlock();
    },
    async replay(): Promise<ReplayPosition | undefined> {
      if (!sources.replayDb) return undefined;
      const r = await sources.replayDb.query<{ oldest: string | null; backlog: string; newest: string | null }>(
        `SELECT min(j.block_number) FILTER (WHERE v.job_key IS NULL)::text AS oldest, count(*) FILTER (WHERE v.job_key IS NULL) AS backlog, max(j.block_number)::text AS newest
         FROM replay_jobs j LEFT JOIN replay_verdicts v ON v.job_key = j.job_key`,
      );
      const row = r.rows[0];
      const backlog = Number(row?.backlog ?? 0);
      if (backlog > 0) return { block: BigInt(row!.oldest!) - 1n, backlog };
      // No backlog: every claim the follower has queued has its verdict; it keeps up with the
      // indexer (it polls it every second), so the replay is where the indexer is.
      const indexed = await indexer().catch(() => undefined);
      return { block: indexed ?? (row?.newest ? BigInt(row.newest) : undefined), backlog: 0 };
    },
    async blockTimestamp(block) {
      const known = timestamps.get(block);
      if (known !== undefined) return known;
      const b = await client.getBlock({ blockNumber: block });
      if (timestamps.size > 1000) timestamps.clear();
      timestamps.set(block, Number(b.timestamp));
      return Number(b.timestamp);
    },
  };
}
