/** The queries' answers checked against the Postgres rows they came from (shared with zone-child.ts). */
import assert from "node:assert/strict";
import { zeroAddress } from "viem";
import type { IndexerRows } from "../../../test/_setup/indexer-shaped-tables.js";
import type { AnalyticsStore } from "../../store/store.js";
import { attributionConcentration, datanetUsage, gini, governanceTurnout, inferenceVolume, topContributors } from "../index.js";

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

  await assert.rejects(inferenceVolume(store, { range: { from: 10, to: 5 }, bucketSeconds: 60 }), { code: "ANALYTICS_BAD_RANGE" });
  return { hourly, tenMinutes, top, conc, usage, turnout };
}

