/**
 * The hub's own embedded Postgres (PGlite in a folder of its own, apart from Ponder's): where
 * replay jobs and verdicts live when no DATABASE_URL is set. One PGlite is one session, so the
 * search path set here holds for every later query.
 */
import { mkdir } from "node:fs/promises";
import { PGlite } from "@electric-sql/pglite";
import { assertIdentifier } from "../../core/sql/identifier.js";
import type { VerdictDatabase } from "../../replay/verdicts/postgres-verdict-store.js";

export async function openHubPglite(dir: string, schema: string): Promise<VerdictDatabase> {
  assertIdentifier(schema);
  await mkdir(dir, { recursive: true });
  const db = new PGlite(dir);
  await db.waitReady;
  await db.exec(`CREATE SCHEMA IF NOT EXISTS ${schema}; SET search_path TO ${schema}, public;`);
  return {
    async query<R extends Record<string, unknown> = Record<string, unknown>>(text: string, params?: unknown[]) {
      const result = await db.query<R>(text, params ?? []);
      return { rows: result.rows };
    },
    async end() {
      await db.close();
    },
  };
}
