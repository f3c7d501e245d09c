/**
 * Rebuilds the materialized rollups for a time span from the facts' newest live versions.
 * Why not insert-time materialized views: a view sees each written row once and cannot take
 * back what a later tombstone or rewrite removes; summing signed deltas would need the sink to
 * know every fact's previous state exactly, and a crash between a fact write and its delta
 * breaks that. Rebuilding whole buckets from FINAL reads is idempotent: repeated after a crash
 * it writes the same figures. Each rebuild writes version `v` for every group it finds and
 * tombstones (deleted = 1, version `v`) groups of the span that no longer have facts.
 */
import type { AnalyticsStore } from "../store/store.js";

const HOUR = 3600;
const DAY = 86400;

type Span = { from: number; to: number };

function align(span: Span, size: number): Span {
  return { from: Math.floor(span.from / size) * size, to: Math.floor(span.to / size) * size + size };
}

// Beware ClickHouse's query-wide aliases: an outer `… AS deleted` would capture the inner
// `WHERE deleted = 0`, so the INSERT … SELECTs below leave their constants unnamed.
const live = (table: string, columns: string, where: string) => `(SELECT ${columns}, deleted FROM ${table} FINAL WHERE ${where}) WHERE deleted = 0`;

/** `span` is the [min, max] block time (Unix seconds) of the facts that may have changed. */
export async function rebuildRollups(store: AnalyticsStore, span: Span, version: bigint): Promise<void> {
  const hours = align(span, HOUR);
  const days = align(span, DAY);
  const h = { from: hours.from, to: hours.to, v: version };
  const d = { from: days.from, to: days.to, v: version };
  const inTime = "block_timestamp >= {from:DateTime} AND block_timestamp < {to:DateTime}";

  await store.command(
    `INSERT INTO rollup_model_hour (hour, chain_id, model_id, inferences, fees, version, deleted)
     SELECT toStartOfHour(block_timestamp) AS hour, chain_id, model_id, count(), sum(fee), {v:UInt64}, toUInt8(0)
     FROM ${live("fact_inference", "block_timestamp, chain_id, model_id, fee", inTime)}
     GROUP BY hour, chain_id, model_id`,
    h,
  );
  await tombstoneStale(store, "rollup_model_hour", "hour", "hour, chain_id, model_id", "toUInt64(0), toDecimal128(0, 0)", "inferences, fees", h);

  await store.command(
    `INSERT INTO rollup_contributor_day (day, chain_id, contributor, datanet_id, model_id, rewards, reward_count, version, deleted)
     SELECT toDate(block_timestamp) AS day, chain_id, contributor, datanet_id, model_id, sum(amount), count(), {v:UInt64}, toUInt8(0)
     FROM ${live("fact_reward", "block_timestamp, chain_id, contributor, datanet_id, model_id, amount", inTime)}
     GROUP BY day, chain_id, contributor, datanet_id, model_id`,
    d,
  );
  await tombstoneStale(store, "rollup_contributor_day", "day", "day, chain_id, contributor, datanet_id, model_id", "toDecimal128(0, 0), toUInt64(0)", "rewards, reward_count", d);

  await store.command(
    `INSERT INTO rollup_datanet_day (day, chain_id, datanet_id, inferences, shares, weight_ppm, rewards, contributions, version, deleted)
     SELECT day, chain_id, datanet_id, sum(x_inferences), sum(x_shares), sum(x_weight), sum(x_rewards), sum(x_contributions), {v:UInt64}, toUInt8(0)
     FROM (
       SELECT toDate(block_timestamp) AS day, chain_id, datanet_id, toUInt64(uniqExact(inference_id)) AS x_inferences, toUInt64(count()) AS x_shares, toUInt64(sum(weight_ppm)) AS x_weight, toDecimal128(0, 0) AS x_rewards, toUInt64(0) AS x_contributions
       FROM ${live("fact_attribution_share", "block_timestamp, chain_id, datanet_id, inference_id, weight_ppm", inTime)} GROUP BY day, chain_id, datanet_id
       UNION ALL
       SELECT toDate(block_timestamp) AS day, chain_id, datanet_id, toUInt64(0), toUInt64(0), toUInt64(0), sum(amount), toUInt64(0)
       FROM ${live("fact_reward", "block_timestamp, chain_id, datanet_id, amount", inTime)} GROUP BY day, chain_id, datanet_id
       UNION ALL
       SELECT toDate(block_timestamp) AS day, chain_id, datanet_id, toUInt64(0), toUInt64(0), toUInt64(0), toDecimal128(0, 0), toUInt64(count())
       FROM ${live("fact_contribution", "block_timestamp, chain_id, datanet_id", inTime)} GROUP BY day, chain_id, datanet_id
     )
     GROUP BY day, chain_id, datanet_id`,
    d,
  );
  await tombstoneStale(store, "rollup_datanet_day", "day", "day, chain_id, datanet_id", "toUInt64(0), toUInt64(0), toUInt64(0), toDecimal128(0, 0), toUInt64(0)", "inferences, shares, weight_ppm, rewards, contributions", d);
}

/** Groups of the span whose newest row predates this rebuild had no facts: mark them deleted. */
async function tombstoneStale(store: AnalyticsStore, table: string, bucket: string, keys: string, zeros: string, measures: string, params: { from: number; to: number; v: bigint }) {
  const bucketRange = bucket === "hour" ? "hour >= {from:DateTime} AND hour < {to:DateTime}" : "day >= toDate({from:DateTime}) AND day < toDate({to:DateTime})";
  await store.command(
    `INSERT INTO ${table} (${keys}, ${measures}, version, deleted)
     SELECT ${keys}, ${zeros}, {v:UInt64}, toUInt8(1)
     FROM (SELECT ${keys}, version, deleted FROM ${table} FINAL WHERE ${bucketRange})
     WHERE deleted = 0 AND version < {v:UInt64}`,
    params,
  );
}
