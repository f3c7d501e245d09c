/**
 * Verdicts as the store holds them, every column (evidence included: claimed and observed
 * weights, deviations, the reason, output hashes), for the HTTP API. Read with `SELECT *` so that
 * evidence columns added by later migrations are served without a change here. Paged by
 * inference id.
 */
import type { Queryable } from "../../analytics/sink/postgres-source.js";

export type VerdictRecord = Record<string, unknown>;

export type VerdictRecordQuery = {
  flaggedOnly?: boolean;
  /** Only inference ids above this one (paging). */
  afterInferenceId?: bigint;
  limit: number;
};

const camel = (name: string) => name.replace(/_([a-z])/g, (_, ch: string) => ch.toUpperCase());

/** JSON kept as text (weights) is parsed; everything else is as the driver returns it. */
function decode(value: unknown): unknown {
  if (typeof value === "string" && (value.startsWith("{") || value.startsWith("["))) {
    try {
      return JSON.parse(value);
    } catch {
      return value;
    }
  }
  return value;
}

export async function readVerdictRecords(db: Queryable, query: VerdictRecordQuery): Promise<VerdictRecord[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  if (query.flaggedOnly) where.push("verdict <> 'verified'");
  if (query.afterInferenceId !== undefined) {
    params.push(query.afterInferenceId.toString());
    where.push(`inference_id::numeric > $${params.length}::numeric`);
  }
  params.push(query.limit);
  const result = await db.query(
    `SELECT * FROM replay_verdicts ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY inference_id::numeric, job_key LIMIT $${params.length}`,
    params,
  );
  return result.rows.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [camel(k), decode(v)])));
}
