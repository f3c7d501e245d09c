/**
 * The hub's own embedded Postgres (PGlite in a folder of its own, apart from Ponder's): where
 * replay jobs and verdicts live when no DATABASE_URL is set. One PGlite is one session, so the
 * search path set here holds for every later query. Opened through durable-pglite.ts, so a
 * SIGKILL at any moment leaves a folder that opens (or is rebuilt, and says so).
 */
import { assertIdentifier } from "../../core/sql/identifier.js";
import type { VerdictDatabase } from "../../replay/verdicts/postgres-verdict-store.js";
import { openDurablePglite, type PgliteFolderRecovery } from "../shared/durable-pglite.js";

export type HubPgliteDatabase = VerdictDatabase & { recovery: PgliteFolderRecovery };

export async function openHubPglite(dir: string, schema: string): Promise<HubPgliteDatabase> {
  assertIdentifier(schema);
  const { db, recovery } = await openDurablePglite(dir);
  await db.exec(`CREATE SCHEMA IF NOT EXISTS ${schema}; SET search_path TO ${schema}, public;`);
  return {
    recovery,
    async query<R extends Record<string, unknown> = Record<string, unknown>>(text: string, params?: unknown[]) {
      const result = await db.query<R>(text, params ?? []);
      return { rows: result.rows };
    },
    async end() {
      await db.close();
    },
  };
}
