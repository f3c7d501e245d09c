import assert from "node:assert/strict";
import { test } from "node:test";
import { cutAtGrain, cutPredicates, unionOf } from "./grain-cut.js";

test("cutAtGrain: whole grains inside, partial ones at the edges, nothing lost or doubled", () => {
  assert.deepEqual(cutAtGrain({ from: 3590, to: 7300 }, 3600), { whole: { from: 3600, to: 7200 }, edges: [{ from: 3590, to: 3600 }, { from: 7200, to: 7300 }] });
  assert.deepEqual(cutAtGrain({ from: 3600, to: 7200 }, 3600), { whole: { from: 3600, to: 7200 }, edges: [] });
  assert.deepEqual(cutAtGrain({ from: 3600, to: 7250 }, 3600), { whole: { from: 3600, to: 7200 }, edges: [{ from: 7200, to: 7250 }] });
  // no whole grain inside: the facts answer all of it
  assert.deepEqual(cutAtGrain({ from: 3601, to: 7199 }, 3600), { whole: undefined, edges: [{ from: 3601, to: 7199 }] });
  assert.deepEqual(cutAtGrain({ from: 10, to: 70 }, 60), { whole: undefined, edges: [{ from: 10, to: 70 }] });
  // every second of many ranges lies in exactly one part
  for (const [from, to, grain] of [[0, 1, 60], [59, 121, 60], [1, 86400 * 3 - 1, 86400], [7, 7 + 3600 * 5, 3600]] as const) {
    const cut = cutAtGrain({ from, to }, grain);
    const parts = [...(cut.whole ? [cut.whole] : []), ...cut.edges].sort((a, b) => a.from - b.from);
    assert.equal(parts[0]!.from, from);
    assert.equal(parts.at(-1)!.to, to);
    for (let i = 1; i < parts.length; i++) assert.equal(parts[i]!.from, parts[i - 1]!.to);
    if (cut.whole) assert.ok(cut.whole.from % grain === 0 && cut.whole.to % grain === 0);
  }
});

test("cutPredicates: bound placeholders for each part, none for a part that is not there", () => {
  const both = cutPredicates(cutAtGrain({ from: 3590, to: 7300 }, 3600), "hour");
  assert.equal(both.whole, "hour >= {whole_from:DateTime('UTC')} AND hour < {whole_to:DateTime('UTC')}");
  assert.equal(both.edges, "(block_timestamp >= {edge0_from:DateTime('UTC')} AND block_timestamp < {edge0_to:DateTime('UTC')}) OR (block_timestamp >= {edge1_from:DateTime('UTC')} AND block_timestamp < {edge1_to:DateTime('UTC')})");
  assert.deepEqual(both.params, { whole_from: 3600, whole_to: 7200, edge0_from: 3590, edge0_to: 3600, edge1_from: 7200, edge1_to: 7300 });
  const days = cutPredicates(cutAtGrain({ from: 0, to: 86400 }, 86400), "day", true);
  assert.equal(days.whole, "day >= toDate({whole_from:DateTime('UTC')}) AND day < toDate({whole_to:DateTime('UTC')})");
  assert.equal(days.edges, undefined);
  assert.equal(unionOf("SELECT 1", undefined, false, "SELECT 2"), "SELECT 1\n UNION ALL\n SELECT 2");
});
