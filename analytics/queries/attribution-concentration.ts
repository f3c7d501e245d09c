/**
 * How concentrated each model's rewards are among contributors: the share paid to the top k,
 * and the Gini coefficient over contributors (0 = all paid alike, → 1 = one takes all).
 */
import type { AnalyticsStore } from "../store/store.js";
import { rewardsSource } from "./grain-cut.js";
import { checkRange, idFilter, ids, wei, type TimeRange } from "./time-range.js";

export type AttributionConcentrationParameters = { range: TimeRange; topK?: number; modelIds?: (number | bigint)[] };
export type AttributionConcentrationRow = { modelId: string; contributors: number; totalRewards: string; topKShare: number; gini: number };

/** Gini over non-negative amounts (reference for tests; the query computes it in ClickHouse). Pure. */
export function gini(amounts: readonly number[]): number {
  const xs = [...amounts].sort((a, b) => a - b);
  const n = xs.length;
  const total = xs.reduce((s, x) => s + x, 0);
  if (n === 0 || total === 0) return 0;
  const weighted = xs.reduce((s, x, i) => s + x * (i + 1), 0);
  return (2 * weighted) / (n * total) - (n + 1) / n;
}

/**
 * @example
 * await attributionConcentration(store, { range, topK: 10 })
 * // [{ modelId: "1", contributors: 42, totalRewards: "…", topKShare: 0.61, gini: 0.48 }, …]
 */
export async function attributionConcentration(store: AnalyticsStore, p: AttributionConcentrationParameters): Promise<AttributionConcentrationRow[]> {
  const range = checkRange(p.range);
  const k = Math.max(1, Math.min(p.topK ?? 10, 10_000));
  const models = ids(p.modelIds);
  const source = rewardsSource(range);
  const rows = await store.query<{ model: string; contributors: number | string; total: unknown; top_share: number; gini: number }>(
    `SELECT toString(model_id) AS model, length(xs) AS contributors, total,
            if(total_f = 0, 0, arraySum(arraySlice(arrayReverseSort(xs), 1, {k:UInt32})) / total_f) AS top_share,
            if(total_f = 0, 0, 2 * arraySum(arrayMap((x, i) -> x * i, xs, arrayEnumerate(xs))) / (length(xs) * total_f) - (length(xs) + 1) / length(xs)) AS gini
     FROM (
       SELECT model_id, arraySort(groupArray(toFloat64(per_contributor))) AS xs, sum(per_contributor) AS total, toFloat64(sum(per_contributor)) AS total_f
       FROM (SELECT model_id, contributor, sum(amount) AS per_contributor FROM (${source.sql}) WHERE deleted = 0${idFilter("model_id", "models", models)} GROUP BY model_id, contributor)
       GROUP BY model_id
     )
     ORDER BY model`,
    { ...source.params, k, models },
  );
  return rows.map((r) => ({ modelId: r.model, contributors: Number(r.contributors), totalRewards: wei(r.total), topKShare: Number(r.top_share), gini: Number(r.gini) }));
}
