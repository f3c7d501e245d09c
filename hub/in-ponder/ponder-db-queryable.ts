/**
 * Lets code written against a pg pool (`query(text, params)`) read through Ponder's own
 * read-only Drizzle client. In the embedded mode the PGlite folder belongs to the Ponder
 * process, so this is the only way the sink and the replay worker can see the indexer's rows.
 */
import { sql, type ReadonlyDrizzle } from "ponder";
import type { Queryable } from "../../core/sql/queryable.js";
import { InvalidInputError } from "../../core/errors.js";

type SqlChunk = ReturnType<typeof sql.raw>;

/** `$1`-style placeholders become Drizzle parameters, so values are still bound, never spliced. */
export function toDrizzleSql(text: string, params: readonly unknown[] = []) {
  const parts = text.split(/\$(\d+)/);
  const chunks: SqlChunk[] = [];
  for (let i = 0; i < parts.length; i++) {
    if (i % 2 === 0) {
      if (parts[i]) chunks.push(sql.raw(parts[i]!));
    } else {
      const index = Number(parts[i]) - 1;
      if (index < 0 || index >= params.length) throw new InvalidInputError("SQL_PLACEHOLDER_UNBOUND", `placeholder $${parts[i]} has no parameter`);
      // sql.param, not sql`${…}`: Drizzle would expand an array into a list ($1, $2), and
      // `= ANY($1)` needs the array as one parameter.
      chunks.push(sql`${sql.param(params[index])}`);
    }
  }
  return sql.join(chunks);
}

export function queryableFromPonderDb(db: ReadonlyDrizzle<Record<string, unknown>>): Queryable {
  return {
    async query<R extends Record<string, unknown> = Record<string, unknown>>(text: string, params?: unknown[]) {
      const result = (await db.execute(toDrizzleSql(text, params ?? []))) as unknown as { rows?: R[] } | R[];
      return { rows: Array.isArray(result) ? result : (result.rows ?? []) };
    },
  };
}
