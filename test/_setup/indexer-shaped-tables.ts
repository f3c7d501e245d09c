/**
 * Postgres tables in the shape the indexer (schema/, Ponder 0.17: snake_case columns, bigint
 * as numeric(78,0), hex as text) gives the sink, filled straight from the chain's decoded logs.
 * Lets the analytics sink be tested (and benchmarked) without running Ponder; tables, columns
 * and SQL types come from the schema objects of schema/*.ts (a renamed key fails the typecheck).
 * Only the columns the sink reads are created.
 */
import type pg from "pg";
import { decodeEventLog, type Address, type Hex, type PublicClient } from "viem";
import { allContractEventsAbi } from "../../devnet/protocol-abi.js";
import { getLogsFitting } from "../../devnet/event-summary.js";
import type { SimulatedDevnet } from "./simulated-devnet.js";
import { getTableColumns, getTableName, type Table } from "drizzle-orm";
import type { ColumnKey } from "../../core/sql/table-names.js";
import { attributionShare, inference, reward } from "../../schema/attribution.js";
import { contribution, contributionStatusChange } from "../../schema/datanets.js";
import { vote } from "../../schema/governance.js";
import { tokenTransfer } from "../../schema/token.js";

/** The followed tables by SQL name, and the schema keys of the columns created (evidence columns are added to each). */
const SHAPED = {
  inference: shaped(inference, ["id", "modelId", "adapterId", "runId", "caller", "inputHash", "outputHash", "fee"]),
  attribution_share: shaped(attributionShare, ["id", "inferenceId", "contributionId", "methodId", "weightPpm", "position"]),
  reward: shaped(reward, ["id", "inferenceId", "contributionId", "contributor", "amount", "modelId"]),
  contribution: shaped(contribution, ["id", "datanetId", "contributor", "contentHash", "size", "uri", "status"]),
  contribution_status_change: shaped(contributionStatusChange, ["id", "contributionId", "datanetId", "change", "fromStatus", "toStatus", "actor", "reason"]),
  vote: shaped(vote, ["id", "proposalId", "voter", "support", "weight", "reason"]),
  token_transfer: shaped(tokenTransfer, ["id", "from", "to", "value"]),
};

const EVIDENCE_KEYS = ["chainId", "blockNumber", "blockTimestamp", "transactionHash", "logIndex"] as const;

type Column = { name: string; getSQLType(): string; notNull: boolean; primary: boolean };

function shaped<T extends Table>(table: T, keys: ColumnKey<T>[]) {
  const name = getTableName(table);
  const columns = getTableColumns(table) as Record<string, Column>;
  const ddl = (s: string) =>
    `CREATE TABLE "${s}"."${name}" (${[...keys, ...EVIDENCE_KEYS].map((k) => {
      const c = columns[k]!;
      return `"${c.name}" ${c.getSQLType().replace(/^numeric\(78\)$/, "numeric(78,0)")}${c.primary ? " PRIMARY KEY" : c.notNull ? " NOT NULL" : ""}`;
    }).join(", ")});`;
  return { table, name, ddl, column: (key: ColumnKey<T>) => columns[key]!.name, evidence: (key: (typeof EVIDENCE_KEYS)[number]) => columns[key]!.name };
}

type Value = string | number | null;
type Evidence = Record<(typeof EVIDENCE_KEYS)[number], Value>;

/** A row keyed by SQL column names from values keyed by schema keys (a renamed key fails the typecheck). */
function sqlRow<T extends Table>(table: T, values: Partial<Record<ColumnKey<T>, Value>>): Record<string, Value> {
  const columns = getTableColumns(table) as Record<string, Column>;
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [columns[k]!.name, v as Value]));
}

for (const [sqlName, t] of Object.entries(SHAPED)) {
  if (t.name !== sqlName) throw new Error(`schema/ renamed table ${sqlName} to ${t.name}: update test/_setup/indexer-shaped-tables.ts`);
}

export const INDEXER_SHAPED_DDL = (s: string) => `CREATE SCHEMA IF NOT EXISTS "${s}";\n${Object.values(SHAPED).map((t) => t.ddl(s)).join("\n")}`;

/** Indexes an API (and the sink) filters on; block_number on every followed table. */
export const INDEXER_SHAPED_INDEXES = (s: string) => {
  const on = <T extends Table>(t: { name: string; column(k: ColumnKey<T>): string }, ...keys: ColumnKey<T>[]) => `CREATE INDEX ON "${s}"."${t.name}" (${keys.map((k) => `"${t.column(k)}"`).join(", ")});`;
  const { inference: i, reward: r, attribution_share: a, vote: v, contribution: c } = SHAPED;
  return [
    ...Object.values(SHAPED).map((t) => `CREATE INDEX ON "${s}"."${t.name}" ("${t.evidence("blockNumber")}");`),
    on(i, "modelId", "blockTimestamp"),
    on(i, "blockTimestamp"),
    on(r, "contributor", "blockNumber"),
    on(r, "blockTimestamp"),
    on(a, "contributionId", "blockNumber"),
    on(a, "inferenceId"),
    on(v, "proposalId"),
    on(c, "datanetId"),
  ].join("\n");
};

export type IndexerRows = Record<keyof typeof SHAPED, Record<string, Value>[]>;

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
    const ev: Evidence = { chainId, blockNumber: log.blockNumber.toString(), blockTimestamp: log.blockTimestamp.toString(), transactionHash: log.transactionHash, logIndex: log.logIndex };
    const eventId = `${chainId}-${log.transactionHash}-${log.logIndex}`;
    const s = (v: unknown) => String(v);
    switch (decoded.eventName) {
      case "InferenceRecorded":
        rows.inference.push(sqlRow(inference, { id: s(a.inferenceId), modelId: s(a.modelId), adapterId: s(a.adapterId), runId: s(a.runId), caller: s(a.caller).toLowerCase(), inputHash: s(a.inputHash), outputHash: s(a.outputHash), fee: s(a.fee), ...ev }));
        break;
      case "AttributionRecorded": {
        const ids = a.contributionIds as bigint[];
        const weights = a.weightsPpm as number[];
        ids.forEach((cid, i) => rows.attribution_share.push(sqlRow(attributionShare, { id: `${eventId}-${cid}`, inferenceId: s(a.inferenceId), contributionId: s(cid), methodId: Number(a.methodId), weightPpm: Number(weights[i]), position: i, ...ev })));
        break;
      }
      case "RewardPaid":
        rows.reward.push(sqlRow(reward, { id: eventId, inferenceId: s(a.inferenceId), contributionId: s(a.contributionId), contributor: s(a.contributor).toLowerCase(), amount: s(a.amount), modelId: null, ...ev }));
        break;
      case "ContributionSubmitted":
        rows.contribution.push(sqlRow(contribution, { id: s(a.contributionId), datanetId: s(a.datanetId), contributor: s(a.contributor).toLowerCase(), contentHash: s(a.contentHash), size: s(a.size), uri: s(a.uri), status: "pending", ...ev }));
        rows.contribution_status_change.push(sqlRow(contributionStatusChange, { id: eventId, contributionId: s(a.contributionId), datanetId: s(a.datanetId), change: "submitted", fromStatus: null, toStatus: "pending", actor: s(a.contributor).toLowerCase(), reason: null, ...ev }));
        break;
      case "ContributionReviewed": {
        const status = a.accepted ? "accepted" : "rejected";
        rows.contribution_status_change.push(sqlRow(contributionStatusChange, { id: eventId, contributionId: s(a.contributionId), datanetId: s(a.datanetId), change: status, fromStatus: "pending", toStatus: status, actor: s(a.curator).toLowerCase(), reason: s(a.reason), ...ev }));
        break;
      }
      case "ContributionWithdrawn":
        rows.contribution_status_change.push(sqlRow(contributionStatusChange, { id: eventId, contributionId: s(a.contributionId), datanetId: s(a.datanetId), change: "withdrawn", fromStatus: null, toStatus: "withdrawn", actor: s(a.contributor).toLowerCase(), reason: null, ...ev }));
        break;
      case "VoteCast":
      case "VoteCastWithParams":
        rows.vote.push(sqlRow(vote, { id: eventId, proposalId: s(a.proposalId), voter: s(a.voter).toLowerCase(), support: Number(a.support), weight: s(a.weight), reason: s(a.reason), ...ev }));
        break;
      case "Transfer":
        if ("value" in a) rows.token_transfer.push(sqlRow(tokenTransfer, { id: eventId, from: s(a.from).toLowerCase(), to: s(a.to).toLowerCase(), value: s(a.value), ...ev }));
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
      await pool.query(`INSERT INTO "${schema}"."${table}" (${columns.map((c) => `"${c}"`).join(",")}) VALUES ${tuples.join(",")}`, values);
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
