/**
 * The fact tables as the sink sees them: each fact's ClickHouse table and payload columns, the
 * conversion of a Postgres row (all values as text) into a typed ClickHouse row, and the row's
 * fingerprint (what the re-sync compares). Pure.
 */
import { createHash } from "node:crypto";
import { AnalyticsError } from "../errors.js";
import type { Row } from "../store/json.js";

export type ColumnKind = "uint" | "uint32" | "string" | "decimal";

export type FactSpec = { table: string; columns: Record<string, ColumnKind> };

export const FACTS = {
  inference: { table: "fact_inference", columns: { inference_id: "uint", model_id: "uint", adapter_id: "uint", run_id: "uint", caller: "string", fee: "decimal" } },
  attribution_share: {
    table: "fact_attribution_share",
    columns: { inference_id: "uint", model_id: "uint", method_id: "uint32", contribution_id: "uint", datanet_id: "uint", contributor: "string", weight_ppm: "uint32" },
  },
  reward: { table: "fact_reward", columns: { inference_id: "uint", model_id: "uint", contribution_id: "uint", datanet_id: "uint", contributor: "string", amount: "decimal" } },
  contribution: { table: "fact_contribution", columns: { contribution_id: "uint", datanet_id: "uint", contributor: "string", size: "uint", content_hash: "string" } },
  contribution_review: { table: "fact_contribution_review", columns: { contribution_id: "uint", datanet_id: "uint", actor: "string", status: "string", reason: "string" } },
  vote: { table: "fact_vote", columns: { proposal_id: "string", voter: "string", support: "uint32", weight: "decimal", reason: "string" } },
  token_transfer: { table: "fact_token_transfer", columns: { from_address: "string", to_address: "string", value: "decimal" } },
} as const satisfies Record<string, FactSpec>;

export type FactName = keyof typeof FACTS;
export const FACT_NAMES = Object.keys(FACTS) as FactName[];

/** The identity and time every fact carries, typed. */
export type FactRow = Row & {
  id: string;
  chain_id: number;
  block_number: bigint;
  /** Unix seconds. */
  block_timestamp: number;
  transaction_hash: string;
  log_index: number;
  fingerprint: bigint;
};

/** A Postgres row as the source reads it: every column as text (or null). */
export type SourceRow = Record<string, string | number | null>;

const MAX_U64 = 18446744073709551615n;

function integer(fact: string, column: string, value: string | number | null, max: bigint): bigint {
  if (value === null || value === undefined) return 0n;
  const text = String(value);
  if (!/^\d+$/.test(text)) throw badValue(fact, column, text);
  const n = BigInt(text);
  if (n > max) throw badValue(fact, column, text);
  return n;
}

function badValue(fact: string, column: string, text: string): AnalyticsError {
  return new AnalyticsError("ANALYTICS_SOURCE_VALUE", `the ${fact} source gave ${column}=${text.slice(0, 80)}, outside the fact column's range`, {
    hint: "The fact tables store protocol ids as UInt64 and amounts as Decimal(38,0): check the source mapping (analytics/sink/postgres-source.ts).",
  });
}

/** Converts one source row into the fact's ClickHouse row (without version/deleted). */
export function toFactRow(name: FactName, source: SourceRow): FactRow {
  const spec: FactSpec = FACTS[name];
  const row: FactRow = {
    id: String(source.id),
    chain_id: Number(integer(name, "chain_id", source.chain_id, 4294967295n)),
    block_number: integer(name, "block_number", source.block_number, MAX_U64),
    block_timestamp: Number(integer(name, "block_timestamp", source.block_timestamp, 4294967295n)),
    transaction_hash: String(source.transaction_hash).toLowerCase(),
    log_index: Number(integer(name, "log_index", source.log_index, 4294967295n)),
    fingerprint: 0n,
  };
  for (const [column, kind] of Object.entries(spec.columns)) {
    const value = source[column] ?? null;
    if (kind === "string") row[column] = value === null ? "" : String(value);
    else if (kind === "uint32") row[column] = Number(integer(name, column, value, 4294967295n));
    else if (kind === "uint") row[column] = integer(name, column, value, MAX_U64);
    else row[column] = integer(name, column, value, 10n ** 38n - 1n);
  }
  row.fingerprint = fingerprint(name, row);
  return row;
}

/** 64 bits of sha256 over the row's identity, time and payload: equal rows, equal prints. */
export function fingerprint(name: FactName, row: Row): bigint {
  const parts = ["id", "chain_id", "block_number", "block_timestamp", "transaction_hash", "log_index", ...Object.keys(FACTS[name].columns)].map((c) => `${c}=${String(row[c])}`);
  return createHash("sha256").update(parts.join("\u0001")).digest().readBigUInt64BE(0);
}

/** The key ReplacingMergeTree dedups on (the tables' ORDER BY). */
export function factKey(row: { id: string; block_number: bigint | string | number; block_timestamp: number | string }): string {
  return `${row.block_timestamp}|${row.block_number}|${row.id}`;
}
