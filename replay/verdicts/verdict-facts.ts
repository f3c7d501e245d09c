/**
 * Verdicts as ClickHouse facts (table from migrations/clickhouse), for analytics per model.
 * The sink is an interface; AnalyticsVerdictFactSink writes through the hub's analytics store,
 * which the hub shares with the worker in embedded mode (a chDB folder belongs to one process).
 */
import type { AnalyticsConfig } from "../../analytics/store/config.js";
import { openAnalyticsStore } from "../../analytics/store/open.js";
import type { AnalyticsStore } from "../../analytics/store/store.js";
import { applyMigrations } from "../../migrations/apply.js";
import type { Verdict } from "./types.js";

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

/**
 * Writes facts through the hub's analytics store (chDB embedded, or a ClickHouse server); the
 * table comes from migrations/clickhouse, applied by the shared migrations runner.
 */
export class AnalyticsVerdictFactSink implements VerdictFactSink {
  constructor(
    readonly store: AnalyticsStore,
    private readonly owns = false,
  ) {}

  /** Opens the configured analytics store (CLICKHOUSE_URL, or chDB at ANALYTICS_CHDB_PATH) and migrates it. */
  static async open(config?: AnalyticsConfig): Promise<AnalyticsVerdictFactSink> {
    const store = await openAnalyticsStore(config);
    try {
      await applyMigrations({ analytics: store });
    } catch (error) {
      await store.close();
      throw error;
    }
    return new AnalyticsVerdictFactSink(store, true);
  }

  async insert(verdicts: readonly Verdict[]): Promise<void> {
    if (verdicts.length === 0) return;
    await this.store.insert("replay_verdict_facts", verdicts.map(verdictFactRow));
  }

  /** Verdicts per model and kind (one per job key, however often written). */
  async countsByModel(): Promise<{ model_id: string; verdict: string; n: number }[]> {
    const rows = await this.store.query<{ model_id: string; verdict: string; n: string | number }>(
      "SELECT toString(model_id) AS model_id, verdict, count() AS n FROM replay_verdict_facts FINAL GROUP BY model_id, verdict ORDER BY model_id, verdict",
    );
    return rows.map((r) => ({ ...r, n: Number(r.n) }));
  }

  async close(): Promise<void> {
    if (this.owns) await this.store.close();
  }
}
