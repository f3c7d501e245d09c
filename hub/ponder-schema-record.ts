/**
 * Ponder resumes a schema only through its record of it (`_ponder_meta`, key `app`): with the
 * record it recovers from its checkpoints, without it it assumes an empty schema and creates
 * every table, failing with "a table with that name already exists" when one is there.
 *
 * Seen once in a crash storm on PGlite (CI, 10 SIGKILLs): after a kill, the schema held
 * Ponder's tables while the `app` row was gone, and every later start failed the same way until
 * the supervisor gave up. The row is rewritten (an UPDATE, so a new tuple) at every start and
 * every heartbeat; we could not reproduce the loss in isolation, so the hub repairs the state
 * instead of trusting it never happens: a schema without its record is dropped before Ponder
 * starts, and Ponder indexes it again from the chain (its RPC cache, schema ponder_sync, is
 * kept). Everything in the schema is derived from the chain, so nothing is lost; the sink and the
 * replay store are keyed by chain facts and follow the new rows without counting any twice.
 */
import type { PGlite } from "@electric-sql/pglite";
import { assertIdentifier } from "../core/sql/identifier.js";

export type DroppedSchema = { schema: string; relations: number };

/** Drops `schema` when it holds relations but no Ponder record; says what it dropped. */
export async function dropSchemaWithoutPonderRecord(db: PGlite, schema: string): Promise<DroppedSchema | undefined> {
  assertIdentifier(schema);
  const relations = await db.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM pg_class c JOIN pg_namespace s ON s.oid = c.relnamespace WHERE s.nspname = $1 AND c.relkind IN ('r', 'p', 'v', 'm', 'S')",
    [schema],
  );
  const n = relations.rows[0]?.n ?? 0;
  if (n === 0) return undefined;
  const meta = await db.query<{ t: string | null }>("SELECT to_regclass($1)::text AS t", [`"${schema}"._ponder_meta`]);
  if (meta.rows[0]?.t) {
    const app = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${schema}"._ponder_meta WHERE key = 'app'`);
    if ((app.rows[0]?.n ?? 0) > 0) return undefined;
  }
  await db.exec(`DROP SCHEMA "${schema}" CASCADE`);
  return { schema, relations: n };
}
