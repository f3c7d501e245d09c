/**
 * The database a report reads: Ponder's read-only Drizzle client over the indexed tables (in
 * the hub app), or any Drizzle Postgres client over the same schema (CLI, tests). Queries go
 * through the schema objects of schema/*.ts, never table names in SQL text.
 */
import type { NodePgDatabase } from "drizzle-orm/node-postgres";
import type { ReadonlyDrizzle } from "ponder";

export type ReportDb = ReadonlyDrizzle<Record<string, unknown>>;

/**
 * One select type for both drivers: Ponder's client is a union of the node-postgres and PGlite
 * databases, whose overloaded `select` TypeScript cannot call through a union. Both build the
 * same Postgres SQL, so reading through the node-postgres shape is sound.
 */
export function selectable(db: ReportDb): Pick<NodePgDatabase, "select" | "selectDistinct"> {
  return db as unknown as Pick<NodePgDatabase, "select" | "selectDistinct">;
}
