/**
 * Generic batched reads of indexer rows as of the answered block: by primary key, and every
 * row whose column is one of a batch of values (a relation's children). One statement per
 * batch, whatever the number of parents. Rows created after the answered block do not exist.
 */
import DataLoader from "dataloader";
import { and, asc, inArray, lte } from "ponder";
import type { SQL } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
import type { SqlRunner } from "../read-db.js";

/** A Ponder table with the evidence columns (schema/evidence.ts) and a primary key `id`. */
export type EvidenceTable = PgTable & {
  id: PgColumn;
  blockNumber: PgColumn;
  logIndex: PgColumn;
};

export type Key = bigint | string;

const keyOf = (k: unknown): string => (typeof k === "string" ? k.toLowerCase() : String(k));

/** Rows by primary key; null where none exists as of `block`. */
export function rowsById<T extends EvidenceTable, K extends Key = Key>(sql: SqlRunner, table: T, block: bigint): DataLoader<K, T["$inferSelect"] | null, string> {
  return new DataLoader<K, T["$inferSelect"] | null, string>(
    async (ids) => {
      const rows = (await sql.run(
        sql.db
          .select()
          .from(table as PgTable)
          .where(and(inArray(table.id, [...ids]), lte(table.blockNumber, block))),
      )) as T["$inferSelect"][];
      const byId = new Map(rows.map((r) => [keyOf((r as { id: unknown }).id), r]));
      return ids.map((id) => byId.get(keyOf(id)) ?? null);
    },
    { cacheKeyFn: keyOf },
  );
}

/**
 * Every row whose `column` equals a batch value, as of `block`, in chain order (block, log
 * index, id): the children of a batch of parents in one statement.
 */
export function rowsByColumn<T extends EvidenceTable, K extends Key = Key>(
  sql: SqlRunner,
  table: T,
  column: PgColumn,
  block: bigint,
  extra?: SQL,
): DataLoader<K, T["$inferSelect"][], string> {
  return new DataLoader<K, T["$inferSelect"][], string>(
    async (values) => {
      const rows = (await sql.run(
        sql.db
          .select()
          .from(table as PgTable)
          .where(and(inArray(column, [...values]), lte(table.blockNumber, block), extra))
          .orderBy(asc(table.blockNumber), asc(table.logIndex), asc(table.id)),
      )) as Record<string, unknown>[];
      const groups = new Map<string, T["$inferSelect"][]>();
      for (const r of rows) {
        const k = keyOf(r[columnKey(table, column)]);
        const list = groups.get(k) ?? [];
        list.push(r as T["$inferSelect"]);
        groups.set(k, list);
      }
      return values.map((v) => groups.get(keyOf(v)) ?? []);
    },
    { cacheKeyFn: keyOf },
  );
}

/** The property name under which `column` comes back in a `select()` of the whole table. */
export function columnKey(table: PgTable, column: PgColumn): string {
  for (const [name, value] of Object.entries(table)) if (value === column) return name;
  throw new Error(`column ${column.name} is not in its table`);
}
