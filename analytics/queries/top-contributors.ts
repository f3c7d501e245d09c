/** Top contributors by rewards: overall, per datanet or per model, over a time range. */
import type { AnalyticsStore } from "../store/store.js";
import { rewardsSource } from "./grain-cut.js";
import { checkRange, idFilter, ids, wei, type TimeRange } from "./time-range.js";

export type TopContributorsParameters = {
  range: TimeRange;
  /** "overall": one ranking; "datanet"/"model": a ranking within each datanet/model. */
  per?: "overall" | "datanet" | "model";
  limit?: number;
  datanetIds?: (number | bigint)[];
  modelIds?: (number | bigint)[];
};
export type TopContributorRow = { group: string | null; contributor: string; rewards: string; rewardCount: number; rank: number };

/**
 * @example
 * await topContributors(store, { range, per: "datanet", limit: 10 })
 * // [{ group: "1", contributor: "0xab…", rewards: "5100000000000000000", rewardCount: 12, rank: 1 }, …]
 */
export async function topContributors(store: AnalyticsStore, p: TopContributorsParameters): Promise<TopContributorRow[]> {
  const range = checkRange(p.range);
  const per = p.per ?? "overall";
  const limit = Math.max(1, Math.min(p.limit ?? 10, 10_000));
  const datanets = ids(p.datanetIds);
  const models = ids(p.modelIds);
  const column = per === "datanet" ? "datanet_id" : "model_id";
  const source = rewardsSource(range);
  const from = `FROM (${source.sql}) WHERE deleted = 0${idFilter("datanet_id", "datanets", datanets)}${idFilter("model_id", "models", models)}`;
  // One ranking needs no grouping column; rankings per datanet / model keep the top `limit` of each.
  const sql =
    per === "overall"
      ? `SELECT contributor, sum(amount) AS total, sum(n) AS n ${from} GROUP BY contributor ORDER BY total DESC, contributor LIMIT {limit:UInt32}`
      : `SELECT toString(${column}) AS g, contributor, sum(amount) AS total, sum(n) AS n ${from} GROUP BY g, contributor ORDER BY g, total DESC, contributor LIMIT {limit:UInt32} BY g`;
  const rows = await store.query<{ g?: string; contributor: string; total: unknown; n: number | string }>(sql, { ...source.params, limit, datanets, models });
  const rank = new Map<string, number>();
  return rows.map((r) => {
    const group = r.g ?? null;
    const k = (rank.get(group ?? "") ?? 0) + 1;
    rank.set(group ?? "", k);
    return { group, contributor: r.contributor, rewards: wei(r.total), rewardCount: Number(r.n), rank: k };
  });
}
