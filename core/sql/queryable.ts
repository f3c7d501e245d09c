/**
 * What code that runs SQL needs of a Postgres connection: a pg.Pool, a pg.Client, PGlite, or
 * Ponder's read-only client through hub/in-ponder/ponder-db-queryable.ts all fit.
 */
export type Queryable = { query<R extends Record<string, unknown> = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<{ rows: R[] }> };
