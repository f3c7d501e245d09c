/**
 * A suffix array over a byte corpus (prefix doubling with radix passes, O(n log n)), and the
 * longest-match query that span matching needs.
 */
export class SuffixArray {
  readonly corpus: Uint8Array;
  readonly suffixes: Int32Array;

  constructor(corpus: Uint8Array) {
    this.corpus = corpus;
    this.suffixes = buildSuffixArray(corpus);
  }

  private lcpAt(suffix: number, query: Uint8Array, from: number): number {
    const c = this.corpus;
    let n = 0;
    while (from + n < query.length && suffix + n < c.length && c[suffix + n] === query[from + n]) n++;
    return n;
  }

  /** Compares the corpus suffix with the query suffix: negative when the corpus one is smaller. */
  private compare(suffix: number, query: Uint8Array, from: number): number {
    const n = this.lcpAt(suffix, query, from);
    if (from + n === query.length) return suffix + n === this.corpus.length ? 0 : 1;
    if (suffix + n === this.corpus.length) return -1;
    return this.corpus[suffix + n]! - query[from + n]!;
  }

  /**
   * The longest prefix of query[from..] that occurs in the corpus: its length and every corpus
   * position where it occurs.
   */
  longestMatch(query: Uint8Array, from: number): { length: number; positions: number[] } {
    const sa = this.suffixes;
    let lo = 0;
    let hi = sa.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.compare(sa[mid]!, query, from) < 0) lo = mid + 1;
      else hi = mid;
    }
    const best = Math.max(lo > 0 ? this.lcpAt(sa[lo - 1]!, query, from) : 0, lo < sa.length ? this.lcpAt(sa[lo]!, query, from) : 0);
    if (best === 0) return { length: 0, positions: [] };
    const positions: number[] = [];
    for (let i = lo - 1; i >= 0 && this.lcpAt(sa[i]!, query, from) >= best; i--) positions.push(sa[i]!);
    for (let i = lo; i < sa.length && this.lcpAt(sa[i]!, query, from) >= best; i++) positions.push(sa[i]!);
    return { length: best, positions };
  }
}

function buildSuffixArray(s: Uint8Array): Int32Array {
  const n = s.length;
  const sa = new Int32Array(n);
  if (n === 0) return sa;
  let rank = new Int32Array(n);
  let tmp = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    sa[i] = i;
    rank[i] = s[i]!;
  }
  const buffer = new Int32Array(n);
  const sortByKey = (key: (i: number) => number, maxKey: number) => {
    const count = new Int32Array(maxKey + 2);
    for (let i = 0; i < n; i++) count[key(sa[i]!) + 1]! += 1;
    for (let i = 1; i < count.length; i++) count[i]! += count[i - 1]!;
    for (let i = 0; i < n; i++) {
      const k = key(sa[i]!);
      buffer[count[k]!++] = sa[i]!;
    }
    sa.set(buffer);
  };
  let maxRank = 255;
  for (let k = 1; ; k <<= 1) {
    const second = (i: number) => (i + k < n ? rank[i + k]! + 1 : 0);
    sortByKey(second, maxRank + 1);
    sortByKey((i) => rank[i]!, maxRank);
    tmp[sa[0]!] = 0;
    for (let i = 1; i < n; i++) {
      const a = sa[i - 1]!;
      const b = sa[i]!;
      const same = rank[a] === rank[b] && second(a) === second(b);
      tmp[b] = tmp[a]! + (same ? 0 : 1);
    }
    [rank, tmp] = [tmp, rank];
    maxRank = rank[sa[n - 1]!]!;
    if (maxRank === n - 1) break;
  }
  return sa;
}
