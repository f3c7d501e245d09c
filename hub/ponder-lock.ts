/**
 * Ponder locks its schema (`_ponder_meta.is_locked`, with a heartbeat every 10 s) and a new
 * process waits until the heartbeat is 25 s old before it takes over a crashed one's schema.
 * A PGlite folder belongs to one process, and the supervisor only prepares the folder after the
 * old Ponder is gone, so it can release the lock as Ponder's own shutdown does: a restart after
 * a SIGKILL then starts at once instead of waiting up to 25 s.
 */
import type { PGlite } from "@electric-sql/pglite";
import { assertIdentifier } from "../core/sql/identifier.js";

export async function releaseDeadPonderLock(db: PGlite, schema: string): Promise<boolean> {
  assertIdentifier(schema);
  const exists = await db.query<{ t: string | null }>("SELECT to_regclass($1)::text AS t", [`"${schema}"._ponder_meta`]);
  if (!exists.rows[0]?.t) return false;
  const r = await db.query(`UPDATE "${schema}"._ponder_meta SET value = jsonb_set(value, '{is_locked}', to_jsonb(0)) WHERE key = 'app' AND (value->>'is_locked')::int = 1`);
  return (r.affectedRows ?? 0) > 0;
}
