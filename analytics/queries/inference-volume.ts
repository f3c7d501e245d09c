/** Inference volume and fees per model over time, in buckets the caller chooses. */
import type { AnalyticsStore } from "../store/store.js";
import { checkBucket, checkRange, fitsGrain, idFilter, ids, inTimeRange, wei, type TimeRange } from "./time-range.js";

export type InferenceVolumeParameters = { range: TimeRange; bucketSeconds: number; modelIds?: (number | bigint)[]; chainId?: number };
export type InferenceVolumeRow = { bucket: number; modelId: string; inferences: number; fees: string };

type Source = { rows: string; time: string; count: string; fee: string; columns: string };

/** Where a question is answered: the coarsest rollup whose rows fit the range and bucket exactly, else the facts. */
function sourceFor(range: TimeRange, bucket: number): Source {
  const rollup = (rows: string, time: string): Source => ({ rows, time, count: "inferences", fee: "fees", columns: `${time}, chain_id, model_id, inferences, fees` });
  if (fitsGrain(range, 3600, bucket)) return rollup("rollup_model_hour", "hour");
  if (fitsGrain(range, 60, bucket)) return rollup("rollup_model_minute", "minute");
  return { rows: "fact_inference", time: "block_timestamp", count: "toUInt64(1)", fee: "fee", columns: "block_timestamp, chain_id, model_id, fee" };
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
  const s = sourceFor(range, bucket);
  // Filters the caller left out are left out of the SQL too: constant predicates still cost planning time.
  const rows = await store.query<{ bucket: number; model: string; n: number | string; fee_sum: unknown }>(
    `SELECT intDiv(toUInt32(${s.time}), {b:UInt32}) * {b:UInt32} AS bucket, toString(model_id) AS model, sum(${s.count}) AS n, sum(${s.fee}) AS fee_sum
     FROM (SELECT ${s.columns}, deleted FROM ${s.rows} FINAL WHERE ${inTimeRange(s.time)})
     WHERE deleted = 0${idFilter("model_id", "models", models)}${chain ? " AND chain_id = {chain:UInt32}" : ""}
     GROUP BY bucket, model ORDER BY bucket, model`,
    { from: range.from, to: range.to, b: bucket, models, chain },
  );
  return rows.map((r) => ({ bucket: Number(r.bucket), modelId: r.model, inferences: Number(r.n), fees: wei(r.fee_sum) }));
}
