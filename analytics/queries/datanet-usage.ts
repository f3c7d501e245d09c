/** Datanet usage over time: inferences attributed, shares, weight, rewards and new contributions. */
import type { AnalyticsStore } from "../store/store.js";
import { cutAtGrain, cutPredicates, factsOnly, unionOf } from "./grain-cut.js";
import { checkBucket, checkRange, idFilter, ids, wei, type TimeRange } from "./time-range.js";

export type DatanetUsageParameters = { range: TimeRange; bucketSeconds: number; datanetIds?: (number | bigint)[] };
export type DatanetUsageRow = { bucket: number; datanetId: string; inferences: number; shares: number; weightPpm: number; rewards: string; contributions: number };

/**
 * @example
 * await datanetUsage(store, { range, bucketSeconds: 86400, datanetIds: [1] })
 */
export async function datanetUsage(store: AnalyticsStore, p: DatanetUsageParameters): Promise<DatanetUsageRow[]> {
  const range = checkRange(p.range);
  const bucket = checkBucket(p.bucketSeconds);
  const datanets = ids(p.datanetIds);
  const only = idFilter("datanet_id", "datanets", datanets);
  const b = "intDiv(toUInt32(block_timestamp), {b:UInt32}) * {b:UInt32}";
  // Whole UTC days from the daily rollup when days nest in the buckets; the rest from the facts,
  // grouped per bucket there. An inference's shares share one block time, so it is counted in
  // one bucket, and never in both parts.
  const cut = cutPredicates(bucket % 86400 === 0 ? cutAtGrain(range, 86400) : factsOnly(range), "day", true);
  const live = (table: string, columns: string) => `(SELECT block_timestamp, ${columns}, deleted FROM ${table} FINAL WHERE ${cut.edges})`;
  const whole =
    cut.whole &&
    `SELECT intDiv(toUInt32(toDateTime(day)), {b:UInt32}) * {b:UInt32} AS bucket, datanet_id, inferences AS x_inferences, shares AS x_shares, weight_ppm AS x_weight, rewards AS x_rewards, contributions AS x_contributions
       FROM (SELECT day, datanet_id, inferences, shares, weight_ppm, rewards, contributions, deleted FROM rollup_datanet_day FINAL WHERE ${cut.whole}) WHERE deleted = 0${only}`;
  const edges =
    cut.edges &&
    `SELECT ${b} AS bucket, datanet_id, toUInt64(uniqExact(inference_id)) AS x_inferences, toUInt64(count()) AS x_shares, toUInt64(sum(weight_ppm)) AS x_weight, toDecimal128(0, 0) AS x_rewards, toUInt64(0) AS x_contributions
       FROM ${live("fact_attribution_share", "datanet_id, inference_id, weight_ppm")} WHERE deleted = 0${only} GROUP BY bucket, datanet_id
       UNION ALL
       SELECT ${b} AS bucket, datanet_id, toUInt64(0), toUInt64(0), toUInt64(0), sum(amount), toUInt64(0)
       FROM ${live("fact_reward", "datanet_id, amount")} WHERE deleted = 0${only} GROUP BY bucket, datanet_id
       UNION ALL
       SELECT ${b} AS bucket, datanet_id, toUInt64(0), toUInt64(0), toUInt64(0), toDecimal128(0, 0), toUInt64(count())
       FROM ${live("fact_contribution", "datanet_id")} WHERE deleted = 0${only} GROUP BY bucket, datanet_id`;
  const rows = await store.query<{ bucket: number; d: string; i: number | string; s: number | string; w: number | string; r: unknown; c: number | string }>(
    `SELECT bucket, toString(datanet_id) AS d, sum(x_inferences) AS i, sum(x_shares) AS s, sum(x_weight) AS w, sum(x_rewards) AS r, sum(x_contributions) AS c
     FROM (${unionOf(whole, edges)})
     GROUP BY bucket, d ORDER BY bucket, d`,
    { ...cut.params, b: bucket, datanets },
  );
  return rows.map((r) => ({ bucket: Number(r.bucket), datanetId: r.d, inferences: Number(r.i), shares: Number(r.s), weightPpm: Number(r.w), rewards: wei(r.r), contributions: Number(r.c) }));
}
