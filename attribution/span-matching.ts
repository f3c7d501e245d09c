/**
 * Method 2, span matching (infini-gram-style): the output text is read left to right, each
 * position taking its longest match in a suffix array over the training contributions' text;
 * a match of at least `minSpanBytes` credits its length to the contribution it lies in (the
 * smallest eligible id when it lies in several). Weights are the top-k credits, in ppm.
 */
import { normalizeToPpm } from "./normalize-ppm.js";
import { SuffixArray } from "./suffix-array.js";
import { PPM, type Attribution, type TrainingContribution } from "./types.js";

export const SPAN_MATCHING_MIN_SPAN_BYTES = 12;
export const SPAN_MATCHING_TOP_K = 5;
const SEPARATOR = 0;

/** The suffix array over one training set, built once and reused for every inference. */
export class SpanIndex {
  private readonly array: SuffixArray;
  private readonly starts: Int32Array;
  private readonly ids: bigint[];

  constructor(contributions: readonly TrainingContribution[]) {
    const sorted = [...contributions].sort((a, b) => (a.contributionId < b.contributionId ? -1 : 1));
    const encoder = new TextEncoder();
    const parts = sorted.map((c) => encoder.encode(c.text));
    const total = parts.reduce((n, p) => n + p.length + 1, 0);
    const corpus = new Uint8Array(total);
    this.starts = new Int32Array(parts.length);
    this.ids = sorted.map((c) => c.contributionId);
    let offset = 0;
    parts.forEach((p, i) => {
      this.starts[i] = offset;
      corpus.set(p, offset);
      offset += p.length;
      corpus[offset++] = SEPARATOR;
    });
    this.array = new SuffixArray(corpus);
  }

  contributionAt(position: number): bigint {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (this.starts[mid]! <= position) lo = mid;
      else hi = mid - 1;
    }
    return this.ids[lo]!;
  }

  longestMatch(query: Uint8Array, from: number) {
    return this.array.longestMatch(query, from);
  }
}

export function attributeBySpanMatching(
  outputText: string,
  index: SpanIndex,
  isEligible: (contributionId: bigint) => boolean,
  { minSpanBytes = SPAN_MATCHING_MIN_SPAN_BYTES, topK = SPAN_MATCHING_TOP_K } = {},
): Attribution {
  const query = new TextEncoder().encode(outputText);
  const credit = new Map<bigint, number>();
  let i = 0;
  while (i < query.length) {
    const match = index.longestMatch(query, i);
    if (match.length >= minSpanBytes) {
      let owner: bigint | undefined;
      for (const p of match.positions) {
        const id = index.contributionAt(p);
        if (isEligible(id) && (owner === undefined || id < owner)) owner = id;
      }
      if (owner !== undefined) credit.set(owner, (credit.get(owner) ?? 0) + match.length);
      i += match.length;
    } else {
      i += 1;
    }
  }
  const top = [...credit.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, topK);
  if (top.length === 0) return { contributionIds: [], weightsPpm: [] };
  return normalizeToPpm(new Map(top));
}

/** When nothing matched, the whole weight goes to the smallest eligible id (documented rule). */
export function spanMatchingFallback(eligible: readonly bigint[]): Attribution {
  const smallest = [...eligible].sort((a, b) => (a < b ? -1 : 1))[0];
  return smallest === undefined ? { contributionIds: [], weightsPpm: [] } : { contributionIds: [smallest], weightsPpm: [PPM] };
}
