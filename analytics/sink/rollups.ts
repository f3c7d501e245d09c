/**
 * The materialized rollups: each is defined once, as the aggregate of the facts' newest live
 * versions over a time span, and from that definition the sink rebuilds the buckets a chunk
 * touched and `reconcileRollups` recomputes all of it to compare.
 *
 * Why not insert-time materialized views: a view sees each written row once and cannot take
 * back what a later tombstone or rewrite removes; summing signed deltas would need the sink to
 * know every fact's previous state exactly, and a crash between a fact write and its delta
 * breaks that. Rebuilding whole buckets from FINAL reads is idempotent: repeated after a crash
 * it writes the same figures. Each rebuild writes version `v` for every group it finds and
 * tombstones (deleted = 1, version `v`) groups of the span that no longer have facts.
 */
import { zeroAddress } from "viem";
import { inDayRange, inTimeRange } from "../queries/time-range.js";
import type { Row } from "../store/json.js";
import type { AnalyticsStore, Params } from "../store/store.js";

type Span = { from: number; to: number };

type RollupDefinition = {
  table: string;
  /** Seconds a bucket spans: a rebuild widens the changed span to whole buckets. */
  grain: number;
  keys: string;
  measures: string;
  /** Measures of a tombstone, in `measures` order. */
  zeros: string;
  /** The rollup's rows whose bucket lies in [{from}, {to}). */
  bucketRange: string;
  /** keys then measures, from the live facts with block time in [{from}, {to}). */
  aggregate: string;
  params?: Params;
};

const inTime = inTimeRange("block_timestamp");
const inDays = inDayRange("day");
// Beware ClickHouse's query-wide aliases: an outer `… AS deleted` would capture the inner
// `WHERE deleted = 0`, so the SELECTs below leave their constants unnamed.
const live = (table: string, columns: string) => `(SELECT ${columns}, deleted FROM ${table} FINAL WHERE ${inTime}) WHERE deleted = 0`;

/** Inferences and fees per model per `bucket` (an hour, a minute). */
function inferencesPerModel(table: string, bucket: string, grain: number, startOf: string): RollupDefinition {
  return {
    table,
    grain,
    keys: `${bucket}, chain_id, model_id`,
    measures: "inferences, fees",
    zeros: "toUInt64(0), toDecimal128(0, 0)",
    bucketRange: inTimeRange(bucket),
    aggregate: `SELECT ${startOf}(block_timestamp) AS ${bucket}, chain_id, model_id, count(), sum(fee)
      FROM ${live("fact_inference", "block_timestamp, chain_id, model_id, fee")} GROUP BY ${bucket}, chain_id, model_id`,
  };
}

export const ROLLUPS: readonly RollupDefinition[] = [
  inferencesPerModel("rollup_model_hour", "hour", 3600, "toStartOfHour"),
  inferencesPerModel("rollup_model_minute", "minute", 60, "toStartOfMinute"),
  {
    // Blocks that minted or burned OPEN: governance turnout's supply without a scan of every transfer.
    table: "rollup_supply_block",
    grain: 1,
    keys: "block_timestamp, chain_id, block_number",
    measures: "minted, burned",
    zeros: "toDecimal128(0, 0), toDecimal128(0, 0)",
    bucketRange: inTime,
    aggregate: `SELECT block_timestamp, chain_id, block_number, sumIf(value, from_address = {zero:String}), sumIf(value, to_address = {zero:String})
      FROM ${live("fact_token_transfer", "block_timestamp, chain_id, block_number, from_address, to_address, value")} AND (from_address = {zero:String} OR to_address = {zero:String})
      GROUP BY block_timestamp, chain_id, block_number`,
    params: { zero: zeroAddress },
  },
  {
    table: "rollup_contributor_day",
    grain: 86400,
    keys: "day, chain_id, contributor, datanet_id, model_id",
    measures: "rewards, reward_count",
    zeros: "toDecimal128(0, 0), toUInt64(0)",
    bucketRange: inDays,
    aggregate: `SELECT toDate(block_timestamp) AS day, chain_id, contributor, datanet_id, model_id, sum(amount), count()
      FROM ${live("fact_reward", "block_timestamp, chain_id, contributor, datanet_id, model_id, amount")} GROUP BY day, chain_id, contributor, datanet_id, model_id`,
  },
  {
    table: "rollup_datanet_day",
    grain: 86400,
    keys: "day, chain_id, datanet_id",
    measures: "inferences, shares, weight_ppm, rewards, contributions",
    zeros: "toUInt64(0), toUInt64(0), toUInt64(0), toDecimal128(0, 0), toUInt64(0)",
    bucketRange: inDays,
    aggregate: `SELECT day, chain_id, datanet_id, sum(x_inferences), sum(x_shares), sum(x_weight), sum(x_rewards), sum(x_contributions)
      FROM (
        SELECT toDate(block_timestamp) AS day, chain_id, datanet_id, toUInt64(uniqExact(inference_id)) AS x_inferences, toUInt64(count()) AS x_shares, toUInt64(sum(weight_ppm)) AS x_weight, toDecimal128(0, 0) AS x_rewards, toUInt64(0) AS x_contributions
        FROM ${live("fact_attribution_share", "block_timestamp, chain_id, datanet_id, inference_id, weight_ppm")} GROUP BY day, chain_id, datanet_id
        UNION ALL
        SELECT toDate(block_timestamp) AS day, chain_id, datanet_id, toUInt64(0), toUInt64(0), toUInt64(0), sum(amount), toUInt64(0)
        FROM ${live("fact_reward", "block_timestamp, chain_id, datanet_id, amount")} GROUP BY day, chain_id, datanet_id
        UNION ALL
        SELECT toDate(block_timestamp) AS day, chain_id, datanet_id, toUInt64(0), toUInt64(0), toUInt64(0), toDecimal128(0, 0), toUInt64(count())
        FROM ${live("fact_contribution", "block_timestamp, chain_id, datanet_id")} GROUP BY day, chain_id, datanet_id
      )
      GROUP BY day, chain_id, datanet_id`,
  },
];

function align(span: Span, size: number): Span {
  return { from: Math.floor(span.from / size) * size, to: Math.floor(span.to / size) * size + size };
}

/** `span` is the [min, max] block time (Unix seconds) of the facts that may have changed. */
export async function rebuildRollups(store: AnalyticsStore, span: Span, version: bigint): Promise<void> {
  for (const r of ROLLUPS) {
    const params = { ...r.params, ...align(span, r.grain), v: version };
    await store.command(`INSERT INTO ${r.table} (${r.keys}, ${r.measures}, version, deleted) SELECT *, {v:UInt64}, toUInt8(0) FROM (${r.aggregate})`, params);
    // Groups of the span whose newest row predates this rebuild had no facts: mark them deleted.
    await store.command(
      `INSERT INTO ${r.table} (${r.keys}, ${r.measures}, version, deleted)
       SELECT ${r.keys}, ${r.zeros}, {v:UInt64}, toUInt8(1)
       FROM (SELECT ${r.keys}, version, deleted FROM ${r.table} FINAL WHERE ${r.bucketRange})
       WHERE deleted = 0 AND version < {v:UInt64}`,
      params,
    );
  }
}

export type RollupReconciliation = { table: string; groups: number; live: number; missing: string[]; extra: string[]; differing: string[] };

/**
 * Recomputes every rollup from the live facts over all time and compares it, group by group,
 * with the rollup's live rows. Used by tests after reorgs and crashes, and by operators.
 */
export async function reconcileRollups(store: AnalyticsStore): Promise<RollupReconciliation[]> {
  const out: RollupReconciliation[] = [];
  const all = { from: 0, to: 4294967295 };
  const keyCount = (r: RollupDefinition) => r.keys.split(",").length;
  // Values as text: counts and wei arrive as numbers or strings depending on size and engine.
  const byKey = (rows: Row[], keys: number) => new Map(rows.map((row) => {
    const values = Object.values(row).map(String);
    return [values.slice(0, keys).join("|"), values.slice(keys).join("|")];
  }));
  for (const r of ROLLUPS) {
    const want = byKey(await store.query(r.aggregate, { ...r.params, ...all }), keyCount(r));
    const have = byKey(await store.query(`SELECT ${r.keys}, ${r.measures} FROM (SELECT ${r.keys}, ${r.measures}, deleted FROM ${r.table} FINAL) WHERE deleted = 0`), keyCount(r));
    out.push({
      table: r.table,
      groups: want.size,
      live: have.size,
      missing: [...want.keys()].filter((k) => !have.has(k)),
      extra: [...have.keys()].filter((k) => !want.has(k)),
      differing: [...want.entries()].filter(([k, v]) => have.has(k) && have.get(k) !== v).map(([k, v]) => `${k}: ${have.get(k)} instead of ${v}`),
    });
  }
  return out;
}
