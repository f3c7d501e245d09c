/**
 * Which rows answer a question over [from, to): a rollup for the whole grains (minutes, hours,
 * days) inside the range, and the facts only for the partial grains at its two edges. A
 * dashboard's "last 24 hours" never starts on an hour; without the cut it would scan every fact
 * of the day. The two parts cover disjoint spans of block time, and every event has one block
 * time, so summing them counts each event once. Pure.
 */
import { inDayRange, inTimeRange, type TimeRange } from "./time-range.js";

export type GrainCut = {
  /** The whole grains inside the range, if there are any. */
  whole: TimeRange | undefined;
  /** The rest of the range (zero, one or two spans), for the facts. */
  edges: TimeRange[];
};

/** The facts alone answer the whole range (no whole grain inside, or no rollup nests in the buckets). */
export const factsOnly = (range: TimeRange): GrainCut => ({ whole: undefined, edges: [range] });

/**
 * @example
 * cutAtGrain({ from: 3590, to: 7300 }, 3600)
 * // { whole: { from: 3600, to: 7200 }, edges: [{ from: 3590, to: 3600 }, { from: 7200, to: 7300 }] }
 */
export function cutAtGrain(range: TimeRange, grain: number): GrainCut {
  const first = Math.ceil(range.from / grain) * grain;
  const last = Math.floor(range.to / grain) * grain;
  if (first >= last) return factsOnly(range);
  const edges: TimeRange[] = [];
  if (range.from < first) edges.push({ from: range.from, to: first });
  if (last < range.to) edges.push({ from: last, to: range.to });
  return { whole: { from: first, to: last }, edges };
}

export type CutSql = {
  /** The rollup's predicate on its bucket column, or undefined when no whole grain is inside. */
  whole: string | undefined;
  /** The facts' predicate on their block time, or undefined when the range is all whole grains. */
  edges: string | undefined;
  /** Unix seconds for the placeholders both predicates use. */
  params: Record<string, number>;
};

/**
 * The cut as SQL predicates with bound `DateTime('UTC')` parameters. `bucketColumn` is the
 * rollup's time column; `days` says it is a Date (the day rollups).
 */
export function cutPredicates(cut: GrainCut, bucketColumn: string, days = false): CutSql {
  const params: Record<string, number> = {};
  let whole: string | undefined;
  if (cut.whole) {
    params.whole_from = cut.whole.from;
    params.whole_to = cut.whole.to;
    whole = days ? inDayRange(bucketColumn, "whole_from", "whole_to") : inTimeRange(bucketColumn, "whole_from", "whole_to");
  }
  const spans = cut.edges.map((edge, k) => {
    params[`edge${k}_from`] = edge.from;
    params[`edge${k}_to`] = edge.to;
    return `(${inTimeRange("block_timestamp", `edge${k}_from`, `edge${k}_to`)})`;
  });
  return { whole, edges: spans.length > 0 ? spans.join(" OR ") : undefined, params };
}

/** The parts that exist, joined by UNION ALL. */
export const unionOf = (...parts: (string | false | undefined)[]): string => parts.filter((p): p is string => typeof p === "string").join("\n UNION ALL\n ");

/**
 * Rewards with their contributor, datanet and model over the range: whole UTC days from the
 * contributor-day rollup, the rest from the reward facts. Columns: contributor, datanet_id,
 * model_id, amount (wei), n (rewards counted) and deleted, of the newest versions (`FINAL`);
 * the caller keeps `deleted = 0`. Shared by top contributors and concentration.
 */
export function rewardsSource(range: TimeRange): { sql: string; params: Record<string, number> } {
  const cut = cutPredicates(cutAtGrain(range, 86400), "day", true);
  const sql = unionOf(
    cut.whole && `SELECT contributor, datanet_id, model_id, rewards AS amount, reward_count AS n, deleted FROM rollup_contributor_day FINAL WHERE ${cut.whole}`,
    cut.edges && `SELECT contributor, datanet_id, model_id, amount, toUInt64(1) AS n, deleted FROM fact_reward FINAL WHERE ${cut.edges}`,
  );
  return { sql, params: cut.params };
}
