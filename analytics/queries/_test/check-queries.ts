/** The queries' answers checked against the Postgres rows they came from (shared with zone-child.ts). */
import assert from "node:assert/strict";
import { zeroAddress } from "viem";
import { copyIndexerRows, shiftPast, type IndexerRows } from "../../../test/_setup/indexer-shaped-tables.js";
import type { AnalyticsStore } from "../../store/store.js";
import { cutAtGrain } from "../grain-cut.js";
import { attributionConcentration, datanetUsage, gini, governanceTurnout, inferenceVolume, topContributors, type TimeRange } from "../index.js";

/**
 * The fixture's second copy of the chain: the same activity a day and an hour later, so that
 * facts lie on both sides of a day (and an hour) boundary. The tests load `rows` and this copy.
 */
export const nextDayCopy = (rows: IndexerRows): IndexerRows => copyIndexerRows(rows, 1, shiftPast(rows, 86400 + 3600));

type Row = Record<string, string | number | null>;
const at = (r: Row) => Number(r.block_timestamp);
const within = (list: readonly Row[], range: TimeRange) => list.filter((r) => at(r) >= range.from && at(r) < range.to);
const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

const sum = (xs: Iterable<bigint>) => [...xs].reduce((a, b) => a + b, 0n);

/** Every query against what the Postgres rows say, on rollup-aligned and unaligned ranges. */
export async function checkQueries(store: AnalyticsStore, rows: IndexerRows, day: number) {
  const aligned = { from: day, to: day + 86400 };
  const unaligned = { from: day - 7, to: day + 86400 + 7 };

  // inference volume: rollup and fact paths agree, and equal the Postgres rows
  const hourly = await inferenceVolume(store, { range: aligned, bucketSeconds: 3600 });
  const fromFacts = await inferenceVolume(store, { range: unaligned, bucketSeconds: 3600 });
  assert.deepEqual(fromFacts, hourly);
  const byModel = new Map<string, { n: number; fees: bigint }>();
  for (const r of rows.inference) {
    const m = byModel.get(String(r.model_id)) ?? { n: 0, fees: 0n };
    m.n++;
    m.fees += BigInt(String(r.fee));
    byModel.set(String(r.model_id), m);
  }
  for (const [model, m] of byModel) {
    const got = hourly.filter((r) => r.modelId === model);
    assert.equal(got.reduce((s, r) => s + r.inferences, 0), m.n, `model ${model} inferences`);
    assert.equal(sum(got.map((r) => BigInt(r.fees))), m.fees, `model ${model} fees`);
  }
  // 10-minute buckets: the minute rollup (aligned range) and the facts (unaligned) agree
  const tenMinutes = await inferenceVolume(store, { range: aligned, bucketSeconds: 600 });
  assert.deepEqual(await inferenceVolume(store, { range: unaligned, bucketSeconds: 600 }), tenMinutes);
  assert.equal(tenMinutes.reduce((s, r) => s + r.inferences, 0), rows.inference.length);
  assert.ok(tenMinutes.length > hourly.length, "10-minute buckets split the hours");
  const oneModel = await inferenceVolume(store, { range: unaligned, bucketSeconds: 60, modelIds: [1] });
  assert.ok(oneModel.length > 1 && oneModel.every((r) => r.modelId === "1" && r.bucket % 60 === 0));

  // top contributors overall, per datanet: equal the Postgres sums
  const totals = new Map<string, bigint>();
  for (const r of rows.reward) totals.set(String(r.contributor), (totals.get(String(r.contributor)) ?? 0n) + BigInt(String(r.amount)));
  const expected = [...totals.entries()].sort((a, b) => (b[1] > a[1] ? 1 : b[1] < a[1] ? -1 : a[0] < b[0] ? -1 : 1)).slice(0, 3);
  const top = await topContributors(store, { range: aligned, limit: 3 });
  assert.deepEqual(top.map((t) => [t.contributor, BigInt(t.rewards)]), expected);
  assert.deepEqual(await topContributors(store, { range: unaligned, limit: 3 }), top);
  const perDatanet = await topContributors(store, { range: aligned, per: "datanet", limit: 2 });
  assert.ok(perDatanet.length >= 2 && perDatanet.every((r) => r.rank <= 2 && r.group !== null));
  const datanetOf = new Map(rows.contribution.map((c) => [String(c.id), String(c.datanet_id)]));
  const firstGroup = perDatanet[0]!.group!;
  const groupTotals = new Map<string, bigint>();
  for (const r of rows.reward) if (datanetOf.get(String(r.contribution_id)) === firstGroup) groupTotals.set(String(r.contributor), (groupTotals.get(String(r.contributor)) ?? 0n) + BigInt(String(r.amount)));
  assert.equal(BigInt(perDatanet[0]!.rewards), [...groupTotals.values()].reduce((m, v) => (v > m ? v : m), 0n));
  assert.deepEqual(await topContributors(store, { range: aligned, per: "model", limit: 5, modelIds: [2] }), await topContributors(store, { range: unaligned, per: "model", limit: 5, modelIds: [2] }));

  // concentration: Gini and top-k share equal the reference computed from the Postgres rows
  const conc = await attributionConcentration(store, { range: aligned, topK: 3 });
  assert.deepEqual(await attributionConcentration(store, { range: unaligned, topK: 3 }), conc);
  const modelOfInference = new Map(rows.inference.map((i) => [String(i.id), String(i.model_id)]));
  for (const c of conc) {
    const per = new Map<string, number>();
    for (const r of rows.reward) if (modelOfInference.get(String(r.inference_id)) === c.modelId) per.set(String(r.contributor), (per.get(String(r.contributor)) ?? 0) + Number(r.amount));
    const xs = [...per.values()];
    const total = xs.reduce((s, x) => s + x, 0);
    assert.equal(c.contributors, xs.length);
    assert.ok(Math.abs(c.gini - gini(xs)) < 1e-9, `gini ${c.gini} vs ${gini(xs)}`);
    assert.ok(Math.abs(c.topKShare - xs.sort((a, b) => b - a).slice(0, 3).reduce((s, x) => s + x, 0) / total) < 1e-9);
  }

  // datanet usage: rollup and facts agree at day buckets; shares equal the Postgres rows
  const usage = await datanetUsage(store, { range: aligned, bucketSeconds: 86400 });
  assert.deepEqual(await datanetUsage(store, { range: { from: day, to: day + 86400 - 1 }, bucketSeconds: 86400 }), usage);
  assert.equal(usage.reduce((s, u) => s + u.shares, 0), rows.attribution_share.length);
  assert.equal(usage.reduce((s, u) => s + u.contributions, 0), rows.contribution.length);
  assert.equal(sum(usage.map((u) => BigInt(u.rewards))), sum(rows.reward.map((r) => BigInt(String(r.amount)))));

  // governance turnout: weights equal the Postgres votes
  const turnout = await governanceTurnout(store, { range: aligned });
  assert.equal(turnout.length, new Set(rows.vote.map((v) => String(v.proposal_id))).size);
  assert.equal(sum(turnout.map((t) => BigInt(t.totalWeight))), sum(rows.vote.map((v) => BigInt(String(v.weight)))));
  for (const t of turnout) {
    assert.ok(t.turnout > 0 && t.turnout <= 1, `turnout ${t.turnout}`);
    // the supply at the first vote: OPEN minted minus burned up to that block, from the transfers
    const upTo = rows.token_transfer.filter((r) => BigInt(String(r.block_number)) <= BigInt(t.firstVoteBlock));
    const minted = sum(upTo.filter((r) => r.from === zeroAddress).map((r) => BigInt(String(r.value))));
    const burned = sum(upTo.filter((r) => r.to === zeroAddress).map((r) => BigInt(String(r.value))));
    assert.equal(BigInt(t.supply), minted - burned, `supply at block ${t.firstVoteBlock}`);
  }
  const one = turnout[turnout.length - 1]!;
  assert.deepEqual(await governanceTurnout(store, { range: aligned, proposalIds: [one.proposalId] }), [one]);

  await checkRollupAndFactEdges(store, rows, day);

  await assert.rejects(inferenceVolume(store, { range: { from: 10, to: 5 }, bucketSeconds: 60 }), { code: "ANALYTICS_BAD_RANGE" });
  return { hourly, tenMinutes, top, conc, usage, turnout };
}

/**
 * Ranges that start and end inside a grain: whole minutes, hours or days come from a rollup and
 * the partial ones at the edges from the facts. Each answer is checked against the Postgres rows
 * of both copies, on ranges chosen so that both parts hold events.
 */
async function checkRollupAndFactEdges(store: AnalyticsStore, rows: IndexerRows, day: number) {
  const copy = nextDayCopy(rows);
  const all = Object.fromEntries(Object.keys(rows).map((t) => [t, [...rows[t as keyof IndexerRows], ...copy[t as keyof IndexerRows]]])) as IndexerRows;
  const bothParts = (list: readonly Row[], range: TimeRange, grain: number) => {
    const cut = cutAtGrain(range, grain);
    assert.ok(cut.whole && within(list, cut.whole).length > 0, `whole ${grain}-second grains of [${range.from}, ${range.to}) hold events`);
    assert.ok(cut.edges.some((edge) => within(list, edge).length > 0), `the edges of [${range.from}, ${range.to}) hold events`);
  };

  // inference volume: minute grains inside part of an hour, hour grains across the day
  const volume = (range: TimeRange, bucket: number) => {
    const groups = new Map<string, { bucket: number; modelId: string; inferences: number; fees: bigint }>();
    for (const r of within(all.inference, range)) {
      const b = Math.floor(at(r) / bucket) * bucket;
      const g = groups.get(`${b}|${r.model_id}`) ?? { bucket: b, modelId: String(r.model_id), inferences: 0, fees: 0n };
      g.inferences++;
      g.fees += BigInt(String(r.fee));
      groups.set(`${b}|${r.model_id}`, g);
    }
    return [...groups.values()].sort((a, b) => a.bucket - b.bucket || byText(a.modelId, b.modelId)).map((g) => ({ ...g, fees: g.fees.toString() }));
  };
  const minutes = { from: day + 197, to: day + 701 };
  bothParts(all.inference, minutes, 60);
  for (const bucket of [60, 600, 7]) assert.deepEqual(await inferenceVolume(store, { range: minutes, bucketSeconds: bucket }), volume(minutes, bucket), `inference volume, ${bucket}-second buckets`);
  const hours = { from: day + 613, to: day + 86400 + 2 * 3600 + 17 };
  bothParts(all.inference, hours, 3600);
  assert.deepEqual(await inferenceVolume(store, { range: hours, bucketSeconds: 3600 }), volume(hours, 3600), "inference volume, hourly across two days");

  // rewards: whole days from the contributor-day rollup, the first day's remainder from the facts
  const days = { from: day + 613, to: day + 2 * 86400 + 5 };
  bothParts(all.reward, days, 86400);
  const rewards = within(all.reward, days);
  const totals = new Map<string, { rewards: bigint; n: number }>();
  for (const r of rewards) {
    const t = totals.get(String(r.contributor)) ?? { rewards: 0n, n: 0 };
    t.rewards += BigInt(String(r.amount));
    t.n++;
    totals.set(String(r.contributor), t);
  }
  const ranked = [...totals.entries()].sort((a, b) => (b[1].rewards > a[1].rewards ? 1 : b[1].rewards < a[1].rewards ? -1 : byText(a[0], b[0]))).slice(0, 5);
  const top = await topContributors(store, { range: days, limit: 5 });
  assert.deepEqual(top.map((t) => [t.contributor, t.rewards, t.rewardCount]), ranked.map(([c, t]) => [c, t.rewards.toString(), t.n]), "top contributors across a day boundary");

  const modelOf = new Map(all.inference.map((i) => [String(i.id), String(i.model_id)]));
  const perModel = new Map<string, Map<string, number>>();
  for (const r of rewards) {
    const m = perModel.get(modelOf.get(String(r.inference_id))!) ?? new Map<string, number>();
    m.set(String(r.contributor), (m.get(String(r.contributor)) ?? 0) + Number(r.amount));
    perModel.set(modelOf.get(String(r.inference_id))!, m);
  }
  const conc = await attributionConcentration(store, { range: days, topK: 2 });
  assert.deepEqual(conc.map((c) => c.modelId), [...perModel.keys()].sort(byText));
  for (const c of conc) {
    const xs = [...perModel.get(c.modelId)!.values()];
    const total = xs.reduce((s, x) => s + x, 0);
    assert.equal(c.contributors, xs.length);
    assert.ok(Math.abs(c.gini - gini(xs)) < 1e-9, `gini of model ${c.modelId}: ${c.gini} vs ${gini(xs)}`);
    assert.ok(Math.abs(c.topKShare - xs.sort((a, b) => b - a).slice(0, 2).reduce((s, x) => s + x, 0) / total) < 1e-9);
  }

  // datanet usage per day: the first (partial) day from the facts, the next from the rollup
  const datanetOf = new Map(all.contribution.map((c) => [String(c.id), String(c.datanet_id)]));
  type Usage = { bucket: number; datanetId: string; inferences: Set<string>; shares: number; weightPpm: number; rewards: bigint; contributions: number };
  const usage = new Map<string, Usage>();
  const group = (r: Row, datanet: string) => {
    const b = Math.floor(at(r) / 86400) * 86400;
    const u = usage.get(`${b}|${datanet}`) ?? { bucket: b, datanetId: datanet, inferences: new Set<string>(), shares: 0, weightPpm: 0, rewards: 0n, contributions: 0 };
    usage.set(`${b}|${datanet}`, u);
    return u;
  };
  for (const r of within(all.attribution_share, days)) {
    const u = group(r, datanetOf.get(String(r.contribution_id))!);
    u.inferences.add(String(r.inference_id));
    u.shares++;
    u.weightPpm += Number(r.weight_ppm);
  }
  for (const r of rewards) group(r, datanetOf.get(String(r.contribution_id))!).rewards += BigInt(String(r.amount));
  for (const r of within(all.contribution, days)) group(r, String(r.datanet_id)).contributions++;
  const expectedUsage = [...usage.values()]
    .sort((a, b) => a.bucket - b.bucket || byText(a.datanetId, b.datanetId))
    .map((u) => ({ bucket: u.bucket, datanetId: u.datanetId, inferences: u.inferences.size, shares: u.shares, weightPpm: u.weightPpm, rewards: u.rewards.toString(), contributions: u.contributions }));
  assert.deepEqual(await datanetUsage(store, { range: days, bucketSeconds: 86400 }), expectedUsage, "datanet usage across a day boundary");
}
