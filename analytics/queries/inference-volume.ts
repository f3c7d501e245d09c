/** Inference volume and fees per model over time, in buckets the caller chooses. */
import type { AnalyticsStore } from "../store/store.js";
import { cutAtGrain, cutPredicates, factsOnly, unionOf } from "./grain-cut.js";
import { checkBucket, checkRange, idFilter, ids, wei, type TimeRange } from "./time-range.js";

export type InferenceVolumeParameters = { range: TimeRange; bucketSeconds: number; modelIds?: (number | bigint)[]; chainId?: number };
export type InferenceVolumeRow = { bucket: number; modelId: string; inferences: number; fees: string };

/** The coarsest rollup whose rows nest in the caller's buckets (an hour, a minute), if any. */
function rollupFor(bucket: number): { table: string; time: string; grain: number } | undefined {
  if (bucket % 3600 === 0) return { table: "rollup_model_hour", time: "hour", grain: 3600 };
  if (bucket % 60 === 0) return { table: "rollup_model_minute", time: "minute", grain: 60 };
  return undefined;
}

/**
 * @example
 * await inferenceVolume(store, { range: { from: 1767225600, to: 1767312000 }, bucketSeconds: 3600 })
 * // [{ bucket: 1767225600, modelId: "1", inferences: 16, fees: "137000000000000000000" }, …]
 */
export async function inferenceVolume(store: AnalyticsStore, p: InferenceVolumeParameters): Promise<InferenceVolumeRow[]> {
  const range = checkRange(p.range);
  const bucket = checkBucket(p.bucketSeconds);
  const models = ids(p.modelIds);
  const chain = p.chainId ?? 0;
  const rollup = rollupFor(bucket);
  const cut = cutPredicates(rollup ? cutAtGrain(range, rollup.grain) : factsOnly(range), rollup?.time ?? "");
  // Whole minutes / hours from the rollup, the partial ones at the edges from the facts; the
  // newest version of each row (FINAL), deleted ones dropped outside.
  const source = unionOf(
    cut.whole && rollup && `SELECT ${rollup.time} AS t, chain_id, model_id, inferences AS n, fees AS fee, deleted FROM ${rollup.table} FINAL WHERE ${cut.whole}`,
    cut.edges && `SELECT block_timestamp AS t, chain_id, model_id, toUInt64(1) AS n, fee, deleted FROM fact_inference FINAL WHERE ${cut.edges}`,
  );
  // Filters the caller left out are left out of the SQL too: constant predicates still cost planning time.
  const rows = await store.query<{ bucket: number; model: string; inference_count: number | string; fee_sum: unknown }>(
    `SELECT intDiv(toUInt32(t), {b:UInt32}) * {b:UInt32} AS bucket, toString(model_id) AS model, sum(n) AS inference_count, sum(fee) AS fee_sum
     FROM (${source})
     WHERE deleted = 0${idFilter("model_id", "models", models)}${chain ? " AND chain_id = {chain:UInt32}" : ""}
     GROUP BY bucket, model ORDER BY bucket, model`,
    { ...cut.params, b: bucket, models, chain },
  );
  return rows.map((r) => ({ bucket: Number(r.bucket), modelId: r.model, inferences: Number(r.inference_count), fees: wei(r.fee_sum) }));
}
