/**
 * The database as the API sees it: Ponder's read-only Drizzle client narrowed to the query
 * builders we use, and a runner that counts the statements a request sends (the batching
 * bound is asserted on that count).
 */
import type { NodePgDatabase } from "drizzle-orm/node-postgres";

/** Ponder's `db` from `ponder:api` (Postgres or PGlite) seen through one query-builder type. */
export type ReadDb = Pick<NodePgDatabase<Record<string, never>>, "select" | "selectDistinct" | "selectDistinctOn">;

export type SqlRunner = {
  db: ReadDb;
  /** Sends one statement to the database and counts it. */
  run<T>(query: PromiseLike<T>): Promise<T>;
  /** Statements sent so far by this request. */
  readonly statements: number;
};

/** One runner per request: the count is the request's. */
export function createSqlRunner(db: ReadDb): SqlRunner {
  let statements = 0;
  return {
    db,
    run<T>(query: PromiseLike<T>): Promise<T> {
      statements += 1;
      return Promise.resolve(query);
    },
    get statements() {
      return statements;
    },
  };
}
