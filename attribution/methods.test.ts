import assert from "node:assert/strict";
import { test } from "node:test";
import { SeededRandom } from "../core/random.js";
import { attributeByEmbeddingSimilarity } from "./embedding-similarity.js";
import { largestWeightDeviation, normalizeToPpm } from "./normalize-ppm.js";
import { attributeBySpanMatching, SpanIndex } from "./span-matching.js";
import { SuffixArray } from "./suffix-array.js";

function naiveLongest(corpus: Uint8Array, query: Uint8Array, from: number): number {
  let best = 0;
  for (let s = 0; s < corpus.length; s++) {
    let n = 0;
    while (from + n < query.length && s + n < corpus.length && corpus[s + n] === query[from + n]) n++;
    best = Math.max(best, n);
  }
  return best;
}

test("suffix array longest match agrees with brute force on random repetitive text", () => {
  const random = new SeededRandom("sa");
  for (let round = 0; round < 20; round++) {
    const corpus = Uint8Array.from({ length: random.int(1, 400) }, () => 97 + random.int(0, 3));
    const query = Uint8Array.from({ length: random.int(1, 40) }, () => 97 + random.int(0, 3));
    const sa = new SuffixArray(corpus);
    const sorted = [...sa.suffixes].map((i) => Buffer.from(corpus.subarray(i)).toString("latin1"));
    assert.deepEqual(sorted, [...sorted].sort(), "suffixes are in lexicographic order");
    for (let from = 0; from < query.length; from++) {
      const match = sa.longestMatch(query, from);
      assert.equal(match.length, naiveLongest(corpus, query, from));
      for (const p of match.positions) {
        assert.deepEqual(corpus.subarray(p, p + match.length), query.subarray(from, from + match.length));
      }
    }
  }
});

test("ppm normalisation sums to exactly 1,000,000 and orders by weight", () => {
  const random = new SeededRandom("ppm");
  for (let round = 0; round < 200; round++) {
    const scores = new Map(Array.from({ length: random.int(1, 16) }, (_, i) => [BigInt(i + 1), random.next() + 1e-9] as const));
    const result = normalizeToPpm(scores);
    assert.equal(result.weightsPpm.reduce((a, b) => a + b, 0), 1_000_000);
    for (let i = 1; i < result.weightsPpm.length; i++) assert.ok(result.weightsPpm[i - 1]! >= result.weightsPpm[i]!);
  }
  assert.deepEqual(normalizeToPpm(new Map([[1n, 1], [2n, 1], [3n, 1]])).weightsPpm, [333_334, 333_333, 333_333]);
});

test("largest weight deviation covers ids on either side only", () => {
  const a = { contributionIds: [1n, 2n], weightsPpm: [600_000, 400_000] };
  const b = { contributionIds: [1n, 3n], weightsPpm: [600_000, 400_000] };
  assert.equal(largestWeightDeviation(a, a), 0);
  assert.equal(largestWeightDeviation(a, b), 400_000);
});

test("embedding similarity keeps the top positive similarities", () => {
  const e = (...v: number[]) => Float32Array.from(v);
  const result = attributeByEmbeddingSimilarity(e(1, 0), [
    { contributionId: 1n, embedding: e(0.9, 0.1) },
    { contributionId: 2n, embedding: e(0.3, 0.9) },
    { contributionId: 3n, embedding: e(-1, 0) },
  ]);
  assert.deepEqual(result.contributionIds, [1n, 2n]);
  assert.deepEqual(result.weightsPpm, [750_000, 250_000]);
  const none = attributeByEmbeddingSimilarity(e(1, 0), [{ contributionId: 5n, embedding: e(-1, 0) }]);
  assert.deepEqual(none, { contributionIds: [5n], weightsPpm: [1_000_000] });
});

test("span matching credits copied spans to their contributions, skipping ineligible ones", () => {
  const index = new SpanIndex([
    { contributionId: 1n, text: "solar capacity in the region grew by twelve percent" },
    { contributionId: 2n, text: "contract law requires offer and acceptance" },
    { contributionId: 3n, text: "solar capacity in the region grew by twelve percent" },
  ]);
  const output = "solar capacity in the region grew by twelve percent contract law requires offer";
  const all = attributeBySpanMatching(output, index, () => true);
  assert.deepEqual(all.contributionIds, [1n, 2n], "a span in two contributions goes to the smaller id");
  const without1 = attributeBySpanMatching(output, index, (id) => id !== 1n);
  assert.deepEqual(without1.contributionIds, [3n, 2n], "a withdrawn contribution's twin takes its credit");
  assert.equal(all.weightsPpm.reduce((a, b) => a + b, 0), 1_000_000);
});
