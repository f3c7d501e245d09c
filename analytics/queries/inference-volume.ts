/** Inference volume and fees per model over time, in buckets the caller chooses. */
import type { AnalyticsStore } from "../store/store.js";
import { checkBucket, checkRange, fitsGrain, idFilter, ids, wei, type TimeRange } from "./time-range.js";

export type InferenceVolumeParameters = { range: TimeRange; bucketSeconds: number; modelIds?: (number | bigint)[]; chainId?: number };
export type InferenceVolumeRow = { bucket: number; modelId: string; inferences: number; fees: string };

/**
 * @example
 * await inferenceVolume(store, { range: { from: 1767225600, to: 1767312000 }, bucketSeconds: 3600 })
 * // [{ bucket: 1767225600, modelId: "1", inferences: 16, fees: "137000000000000000000" }, …]
 */
export async function inferenceVolume(store: AnalyticsStore, p: InferenceVolumeParameters): Promise<InferenceVolumeRow[]> {
  const range = checkRange(p.range);
  const bucket = checkBucket(p.bucketSeconds);
  const params = { from: range.from, to: range.to, b: bucket, models: ids(p.modelIds), chain: p.chainId ?? 0 };
  const chain = "({chain:UInt32} = 0 OR chain_id = {chain:UInt32})";
  // Hour-aligned questions read the hourly rollup; others read the facts.
  const sql = fitsGrain(range, 3600, bucket)
    ? `SELECT intDiv(toUInt32(hour), {b:UInt32}) * {b:UInt32} AS bucket, toString(model_id) AS model, sum(inferences) AS n, sum(fees) AS fee_sum
       FROM (SELECT * FROM rollup_model_hour FINAL WHERE hour >= {from:DateTime} AND hour < {to:DateTime})
       WHERE deleted = 0 AND ${idFilter("model_id", "models")} AND ${chain}
       GROUP BY bucket, model ORDER BY bucket, model`
    : `SELECT intDiv(toUInt32(block_timestamp), {b:UInt32}) * {b:UInt32} AS bucket, toString(model_id) AS model, count() AS n, sum(fee) AS fee_sum
       FROM (SELECT block_timestamp, chain_id, model_id, fee, deleted FROM fact_inference FINAL WHERE block_timestamp >= {from:DateTime} AND block_timestamp < {to:DateTime})
       WHERE deleted = 0 AND ${idFilter("model_id", "models")} AND ${chain}
       GROUP BY bucket, model ORDER BY bucket, model`;
  const rows = await store.query<{ bucket: number; model: string; n: number | string; fee_sum: unknown }>(sql, params);
  return rows.map((r) => ({ bucket: Number(r.bucket), modelId: r.model, inferences: Number(r.n), fees: wei(r.fee_sum) }));
}
