/**
 * The analytics store: one small interface, two real engines (chDB embedded in this process,
 * or a ClickHouse server). The SQL is the same on both: tables are named without a database
 * (each store selects its own), and values travel as `{name:Type}` parameters.
 */
import type { Row } from "./json.js";

export type ParamValue = string | number | bigint | boolean | readonly (string | number | bigint)[];
export type Params = Record<string, ParamValue>;

export interface AnalyticsStore {
  /** "chdb" or "server". */
  readonly kind: "chdb" | "server";
  /** The database every unqualified table name resolves to. */
  readonly database: string;
  /** Runs a SELECT and returns its rows (UInt64/Decimal values beyond 2^53 come back as strings). */
  query<T = Row>(sql: string, params?: Params): Promise<T[]>;
  /** Runs a statement that returns nothing (DDL, INSERT … SELECT). */
  command(sql: string, params?: Params): Promise<void>;
  /** Inserts rows (JSONEachRow); bigints are written exactly. */
  insert(table: string, rows: readonly Row[]): Promise<void>;
  /** Releases the engine (the chDB folder lock, the HTTP agent). Idempotent. */
  close(): Promise<void>;
}

export { assertIdentifier } from "../../core/sql/identifier.js";
