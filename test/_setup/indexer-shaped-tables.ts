/**
 * Postgres tables in the shape the indexer (schema/, Ponder 0.17: snake_case columns, bigint
 * as numeric(78,0), hex as text) gives the sink, filled straight from the chain's decoded logs.
 * Lets the analytics sink be tested (and benchmarked) without running Ponder; the column
 * names follow schema/*.ts. Only the columns the sink reads are created.
 */
import type pg from "pg";
import { decodeEventLog, type Address, type Hex, type PublicClient } from "viem";
import { allContractEventsAbi } from "../../devnet/protocol-abi.js";
import { getLogsFitting } from "../../devnet/event-summary.js";
import type { SimulatedDevnet } from "./simulated-devnet.js";

export const INDEXER_SHAPED_DDL = (s: string) => `
CREATE SCHEMA IF NOT EXISTS "${s}";
CREATE TABLE "${s}".inference (id numeric(78,0) PRIMARY KEY, model_id numeric(78,0) NOT NULL, adapter_id numeric(78,0) NOT NULL, run_id numeric(78,0) NOT NULL, caller text NOT NULL, input_hash text NOT NULL, output_hash text NOT NULL, fee numeric(78,0) NOT NULL, EVIDENCE);
CREATE TABLE "${s}".attribution_share (id text PRIMARY KEY, inference_id numeric(78,0) NOT NULL, contribution_id numeric(78,0) NOT NULL, method_id integer NOT NULL, weight_ppm integer NOT NULL, position integer NOT NULL, EVIDENCE);
CREATE TABLE "${s}".reward (id text PRIMARY KEY, inference_id numeric(78,0) NOT NULL, contribution_id numeric(78,0) NOT NULL, contributor text NOT NULL, amount numeric(78,0) NOT NULL, model_id numeric(78,0), EVIDENCE);
CREATE TABLE "${s}".contribution (id numeric(78,0) PRIMARY KEY, datanet_id numeric(78,0) NOT NULL, contributor text NOT NULL, content_hash text NOT NULL, size numeric(78,0) NOT NULL, uri text NOT NULL, status text NOT NULL, EVIDENCE);
CREATE TABLE "${s}".contribution_status_change (id text PRIMARY KEY, contribution_id numeric(78,0) NOT NULL, datanet_id numeric(78,0) NOT NULL, change text NOT NULL, from_status text, to_status text NOT NULL, actor text NOT NULL, reason text, EVIDENCE);
CREATE TABLE "${s}".vote (id text PRIMARY KEY, proposal_id numeric(78,0) NOT NULL, voter text NOT NULL, support integer NOT NULL, weight numeric(78,0) NOT NULL, reason text NOT NULL, EVIDENCE);
CREATE TABLE "${s}".token_transfer (id text PRIMARY KEY, "from" text NOT NULL, "to" text NOT NULL, value numeric(78,0) NOT NULL, EVIDENCE);
`.replaceAll("EVIDENCE", "chain_id integer NOT NULL, block_number numeric(78,0) NOT NULL, block_timestamp numeric(78,0) NOT NULL, transaction_hash text NOT NULL, log_index integer NOT NULL");

/** Indexes an API (and the sink) filters on; block_number on every followed table. */
export const INDEXER_SHAPED_INDEXES = (s: string) =>
  ["inference", "attribution_share", "reward", "contribution", "contribution_status_change", "vote", "token_transfer"]
    .map((t) => `CREATE INDEX ON "${s}".${t} (block_number);`)
    .join("\n") +
  `
CREATE INDEX ON "${s}".inference (model_id, block_timestamp);
CREATE INDEX ON "${s}".inference (block_timestamp);
CREATE INDEX ON "${s}".reward (contributor, block_number);
CREATE INDEX ON "${s}".reward (block_timestamp);
CREATE INDEX ON "${s}".attribution_share (contribution_id, block_number);
CREATE INDEX ON "${s}".attribution_share (inference_id);
CREATE INDEX ON "${s}".vote (proposal_id);
CREATE INDEX ON "${s}".contribution (datanet_id);
`;

export type IndexerRows = Record<"inference" | "attribution_share" | "reward" | "contribution" | "contribution_status_change" | "vote" | "token_transfer", Record<string, string | number | null>[]>;

export const emptyIndexerRows = (): IndexerRows => ({ inference: [], attribution_share: [], reward: [], contribution: [], contribution_status_change: [], vote: [], token_transfer: [] });

export type ChainLog = { blockNumber: bigint; blockTimestamp: bigint; transactionHash: Hex; logIndex: number; topics: Hex[]; data: Hex };

/** What the indexer's handlers would store for these logs (in chain order). Pure. */
export function indexerRowsFromLogs(chainId: number, logs: readonly ChainLog[], rows: IndexerRows = emptyIndexerRows()): IndexerRows {
  for (const log of logs) {
    let decoded: { eventName: string; args: Record<string, unknown> };
    try {
      decoded = decodeEventLog({ abi: allContractEventsAbi, topics: log.topics as [Hex, ...Hex[]], data: log.data }) as never;
    } catch {
      continue;
    }
    const a = decoded.args;
    const ev = { chain_id: chainId, block_number: log.blockNumber.toString(), block_timestamp: log.blockTimestamp.toString(), transaction_hash: log.transactionHash, log_index: log.logIndex };
    const eventId = `${chainId}-${log.transactionHash}-${log.logIndex}`;
    const s = (v: unknown) => String(v);
    switch (decoded.eventName) {
      case "InferenceRecorded":
        rows.inference.push({ id: s(a.inferenceId), model_id: s(a.modelId), adapter_id: s(a.adapterId), run_id: s(a.runId), caller: s(a.caller).toLowerCase(), input_hash: s(a.inputHash), output_hash: s(a.outputHash), fee: s(a.fee), ...ev });
        break;
      case "AttributionRecorded": {
        const ids = a.contributionIds as bigint[];
        const weights = a.weightsPpm as number[];
        ids.forEach((cid, i) => rows.attribution_share.push({ id: `${eventId}-${cid}`, inference_id: s(a.inferenceId), contribution_id: s(cid), method_id: Number(a.methodId), weight_ppm: Number(weights[i]), position: i, ...ev }));
        break;
      }
      case "RewardPaid":
        rows.reward.push({ id: eventId, inference_id: s(a.inferenceId), contribution_id: s(a.contributionId), contributor: s(a.contributor).toLowerCase(), amount: s(a.amount), model_id: null, ...ev });
        break;
      case "ContributionSubmitted":
        rows.contribution.push({ id: s(a.contributionId), datanet_id: s(a.datanetId), contributor: s(a.contributor).toLowerCase(), content_hash: s(a.contentHash), size: s(a.size), uri: s(a.uri), status: "pending", ...ev });
        rows.contribution_status_change.push({ id: eventId, contribution_id: s(a.contributionId), datanet_id: s(a.datanetId), change: "submitted", from_status: null, to_status: "pending", actor: s(a.contributor).toLowerCase(), reason: null, ...ev });
        break;
      case "ContributionReviewed": {
        const status = a.accepted ? "accepted" : "rejected";
        rows.contribution_status_change.push({ id: eventId, contribution_id: s(a.contributionId), datanet_id: s(a.datanetId), change: status, from_status: "pending", to_status: status, actor: s(a.curator).toLowerCase(), reason: s(a.reason), ...ev });
        break;
      }
      case "ContributionWithdrawn":
        rows.contribution_status_change.push({ id: eventId, contribution_id: s(a.contributionId), datanet_id: s(a.datanetId), change: "withdrawn", from_status: null, to_status: "withdrawn", actor: s(a.contributor).toLowerCase(), reason: null, ...ev });
        break;
      case "VoteCast":
      case "VoteCastWithParams":
        rows.vote.push({ id: eventId, proposal_id: s(a.proposalId), voter: s(a.voter).toLowerCase(), support: Number(a.support), weight: s(a.weight), reason: s(a.reason), ...ev });
        break;
      case "Transfer":
        if ("value" in a) rows.token_transfer.push({ id: eventId, from: s(a.from).toLowerCase(), to: s(a.to).toLowerCase(), value: s(a.value), ...ev });
        break;
    }
  }
  return rows;
}

/** Reads every protocol log of [fromBlock, toBlock] with its block time. Network. */
export async function chainLogs(client: PublicClient, addresses: Address[], fromBlock: bigint, toBlock: bigint, pageBlocks = 5n): Promise<ChainLog[]> {
  const out: ChainLog[] = [];
  const times = new Map<bigint, bigint>();
  // A large-scale block holds thousands of logs: pages shrink until they fit viem's 10 MB cap.
  for (let from = fromBlock; from <= toBlock; from += pageBlocks) {
    const to = from + pageBlocks - 1n < toBlock ? from + pageBlocks - 1n : toBlock;
    const logs = await getLogsFitting(client, addresses, from, to);
    for (const log of logs) {
      let ts = times.get(log.blockNumber!);
      if (ts === undefined) {
        ts = (await client.getBlock({ blockNumber: log.blockNumber! })).timestamp;
        times.set(log.blockNumber!, ts);
      }
      out.push({ blockNumber: log.blockNumber!, blockTimestamp: ts, transactionHash: log.transactionHash!, logIndex: log.logIndex!, topics: log.topics as Hex[], data: log.data });
    }
  }
  return out;
}

/** How far a copy of a chain's rows is moved: blocks, seconds, and the id spaces it must not reuse. */
export type IndexerRowsShift = { blocks: bigint; seconds: number; inferenceIds: bigint; contributionIds: bigint; proposalIds: bigint };

const maxOf = (rows: readonly Record<string, unknown>[], column: string) => rows.reduce((m, r) => (BigInt(String(r[column])) > m ? BigInt(String(r[column])) : m), 0n);

/** A shift that moves a copy past every block, second and id of `rows`, by `seconds` at least. Pure. */
export function shiftPast(rows: IndexerRows, seconds: number): IndexerRowsShift {
  const all = Object.values(rows).flat();
  const times = all.map((r) => Number(r.block_timestamp));
  // reduce, not Math.max(...times): a large simulation has more rows than a call has arguments.
  const span = times.reduce((m, t) => Math.max(m, t), 0) - times.reduce((m, t) => Math.min(m, t), Infinity) + 12;
  return { blocks: maxOf(all, "block_number") + 1n, seconds: Math.max(seconds, span), inferenceIds: maxOf(rows.inference, "id") + 1n, contributionIds: maxOf(rows.contribution, "id") + 1n, proposalIds: 1n };
}

/**
 * Copy `k` of `rows`, moved k times `shift`: the same activity later on, with its own blocks,
 * transactions, inference / contribution / proposal ids and event ids (copy 0 keeps the blocks,
 * times and numeric ids; its event ids get the suffix `-0`, as every copy's do). Lets tests put facts on both sides of a day and the bench load several days. Pure.
 */
export function copyIndexerRows(rows: IndexerRows, k: number, shift: IndexerRowsShift, into: IndexerRows = emptyIndexerRows()): IndexerRows {
  const K = BigInt(k);
  const moved = (value: unknown, by: bigint) => (BigInt(String(value)) + K * by).toString();
  for (const [table, list] of Object.entries(rows) as [keyof IndexerRows, Record<string, string | number | null>[]][]) {
    for (const r of list) {
      const c: Record<string, string | number | null> = { ...r, block_number: moved(r.block_number, shift.blocks), block_timestamp: String(Number(r.block_timestamp) + k * shift.seconds), transaction_hash: `${r.transaction_hash}${k ? `-${k}` : ""}` };
      if (table === "inference") c.id = moved(r.id, shift.inferenceIds);
      else if (table === "contribution") c.id = moved(r.id, shift.contributionIds);
      else c.id = `${r.id}-${k}`;
      if ("inference_id" in r) c.inference_id = moved(r.inference_id, shift.inferenceIds);
      if ("contribution_id" in r) c.contribution_id = moved(r.contribution_id, shift.contributionIds);
      if ("proposal_id" in r) c.proposal_id = moved(r.proposal_id, shift.proposalIds);
      into[table].push(c);
    }
  }
  return into;
}

/** Inserts rows (batched multi-row INSERTs). Network. */
export async function insertIndexerRows(pool: pg.Pool, schema: string, rows: IndexerRows, batch = 2000): Promise<void> {
  for (const [table, list] of Object.entries(rows)) {
    if (list.length === 0) continue;
    const columns = Object.keys(list[0]!);
    for (let i = 0; i < list.length; i += batch) {
      const slice = list.slice(i, i + batch);
      const values: unknown[] = [];
      const tuples = slice.map((row, r) => `(${columns.map((c, k) => { values.push(row[c]); return `$${r * columns.length + k + 1}`; }).join(",")})`);
      await pool.query(`INSERT INTO "${schema}".${table} (${columns.map((c) => `"${c}"`).join(",")}) VALUES ${tuples.join(",")}`, values);
    }
  }
}

export async function createIndexerShapedTables(pool: pg.Pool, schema: string, withIndexes = true): Promise<void> {
  await pool.query(INDEXER_SHAPED_DDL(schema));
  if (withIndexes) await pool.query(INDEXER_SHAPED_INDEXES(schema));
}

/** The indexer-shaped rows of everything a simulated chain emitted. Network. */
export async function indexerRowsOfSimulation(sim: SimulatedDevnet): Promise<IndexerRows> {
  const logs = await chainLogs(sim.devnet.writer.client, Object.values(sim.devnet.deployment.contracts), 0n, sim.result.lastBlock);
  return indexerRowsFromLogs(sim.devnet.deployment.chainId, logs);
}
