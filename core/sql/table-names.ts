/**
 * SQL names taken from a drizzle table (Ponder's onchainTable): code that writes SQL by hand
 * names a column by its schema key, so renaming a key in schema/ fails the typecheck, and
 * renaming its SQL name changes the SQL with it.
 */
import { getTableColumns, getTableName, type Table } from "drizzle-orm";

export type ColumnKey<T extends Table> = keyof T["_"]["columns"] & string;

export type SqlTable<T extends Table> = {
  /** The table's SQL name, unquoted (e.g. "attribution_share"). */
  name: string;
  /** `"schema"."table"`. */
  in: (schema: string) => string;
  /** The column's SQL name, quoted; `alias.` in front when given. A property, so its key type is checked strictly. */
  col: (key: ColumnKey<T>, alias?: string) => string;
};

export function sqlTable<T extends Table>(table: T): SqlTable<T> {
  const name = getTableName(table);
  const columns = getTableColumns(table) as Record<string, { name: string }>;
  return {
    name,
    in: (schema) => `"${schema}"."${name}"`,
    col: (key, alias) => `${alias ? `${alias}.` : ""}"${columns[key]!.name}"`,
  };
}
