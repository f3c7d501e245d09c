/**
 * "The value of a thing as of block N" from an append-only change table (delegations, votes,
 * status changes): its latest row up to N, ordered by block then log index. Two forms, one rule:
 * a batch (one statement for many keys, DISTINCT ON) and a correlated subquery for a filter.
 */
import { and, desc, inArray, lte, sql as sqlTag } from "ponder";
import type { SQL, SQLWrapper } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
import type { SqlRunner } from "../read-db.js";
import type { EvidenceTable } from "./rows.js";

type ChangeTable = PgTable & Pick<EvidenceTable, "blockNumber" | "logIndex">;

/** The latest `value` per `key` up to `block`, for a batch of keys (keys absent: no change yet). */
export async function latestValuesAt<K extends string | bigint, V>(sql: SqlRunner, table: ChangeTable, key: PgColumn, value: PgColumn, keys: readonly K[], block: bigint): Promise<{ k: K; v: V }[]> {
  return (await sql.run(
    sql.db
      .selectDistinctOn([key], { k: key, v: value })
      .from(table)
      .where(and(inArray(key, [...keys]), lte(table.blockNumber, block)))
      .orderBy(key, desc(table.blockNumber), desc(table.logIndex)),
  )) as { k: K; v: V }[];
}

/** The latest `value` of the change row whose `key` equals `row`, up to `block`: a subquery for a filter. */
export function latestValueAtSql(table: ChangeTable, key: PgColumn, value: PgColumn, row: SQLWrapper, block: bigint): SQL {
  return sqlTag`(select ${value} from ${table} where ${key} = ${row} and ${table.blockNumber} <= ${block} order by ${table.blockNumber} desc, ${table.logIndex} desc limit 1)`;
}
