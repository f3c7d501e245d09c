/**
 * Verdicts as ClickHouse facts (table from migrations/clickhouse), for analytics per model.
 * The sink is an interface so the hub can hand the worker its shared analytics store (an
 * embedded chDB folder belongs to one process); ChdbVerdictFactSink opens its own.
 */
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Verdict } from "./types.js";

export const CLICKHOUSE_MIGRATIONS_DIR = fileURLToPath(new URL("../../migrations/clickhouse/", import.meta.url));

export interface VerdictFactSink {
  insert(verdicts: readonly Verdict[]): Promise<void>;
  close(): Promise<void>;
}

export type VerdictFactRow = {
  job_key: string;
  chain_id: number;
  inference_id: string;
  claim_hash: string;
  model_id: string;
  adapter_id: string;
  run_id: string;
  method_id: number;
  block_number: string;
  verdict: string;
  reason_code: string;
  largest_deviation_ppm: number | null;
  weight_tolerance_ppm: number;
  output_match: string | null;
  execution_provider: string;
  runtime_ms: number;
  batch_size: number;
  worker_version: string;
  verified_at: string;
  version: number;
};

/** Pure: one fact row per verdict (the version orders rewrites of the same job key). */
export function verdictFactRow(v: Verdict): VerdictFactRow {
  return {
    job_key: v.jobKey,
    chain_id: v.chainId,
    inference_id: v.inferenceId.toString(),
    claim_hash: v.claimHash,
    model_id: v.modelId.toString(),
    adapter_id: v.adapterId.toString(),
    run_id: v.runId.toString(),
    method_id: v.methodId,
    block_number: v.blockNumber.toString(),
    verdict: v.verdict,
    reason_code: v.reasonCode,
    largest_deviation_ppm: v.largestDeviationPpm,
    weight_tolerance_ppm: v.weightTolerancePpm,
    output_match: v.outputMatch,
    execution_provider: v.executionProvider,
    runtime_ms: v.runtimeMs,
    batch_size: v.batchSize,
    worker_version: v.workerVersion,
    verified_at: v.verifiedAt.toISOString().slice(0, 19).replace("T", " "),
    version: v.verifiedAt.getTime(),
  };
}

/** The DDL statements of migrations/clickhouse/*.sql, in order (idempotent: IF NOT EXISTS). */
export function clickhouseMigrationStatements(dir = CLICKHOUSE_MIGRATIONS_DIR): string[] {
  return readdirSync(dir)
    .filter((f) => /^\d{4}_.*\.sql$/.test(f))
    .sort()
    .flatMap((f) =>
      readFileSync(`${dir}/${f}`, "utf8")
        .split("\n")
        .filter((line) => !line.trimStart().startsWith("--"))
        .join("\n")
        .split(";")
        .map((s) => s.trim())
        .filter((s) => s.length > 0),
    );
}

type ChdbSession = {
  query(sql: string, format?: string): string;
  insert(params: { table: string; values: ReadonlyArray<Record<string, unknown>> }): Promise<unknown>;
  close(): void;
};

export class ChdbVerdictFactSink implements VerdictFactSink {
  private constructor(
    readonly session: ChdbSession,
    private readonly owns: boolean,
  ) {}

  /** Opens (or adopts) a chDB session and creates the fact table. */
  static async open(pathOrSession: string | ChdbSession): Promise<ChdbVerdictFactSink> {
    let session: ChdbSession;
    if (typeof pathOrSession === "string") {
      const { Session } = await import("chdb");
      session = new Session(pathOrSession) as unknown as ChdbSession;
    } else session = pathOrSession;
    for (const statement of clickhouseMigrationStatements()) session.query(statement);
    return new ChdbVerdictFactSink(session, typeof pathOrSession === "string");
  }

  async insert(verdicts: readonly Verdict[]): Promise<void> {
    if (verdicts.length === 0) return;
    await this.session.insert({ table: "replay_verdict_facts", values: verdicts.map(verdictFactRow) });
  }

  /** Verdicts per model and kind (deduplicated by job key). */
  countsByModel(): { model_id: string; verdict: string; n: string }[] {
    const text = this.session.query(
      "SELECT toString(model_id) AS model_id, verdict, toString(count()) AS n FROM replay_verdict_facts FINAL GROUP BY model_id, verdict ORDER BY model_id, verdict",
      "JSONEachRow",
    );
    return text.split("\n").filter(Boolean).map((l) => JSON.parse(l) as { model_id: string; verdict: string; n: string });
  }

  async close(): Promise<void> {
    if (this.owns) this.session.close();
  }
}
