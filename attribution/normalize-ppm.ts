import { PPM, type Attribution } from "./types.js";

/**
 * Scores to integer parts per million that sum to exactly 1,000,000 (largest remainder; ties
 * to the smaller contribution id), ordered by weight then id. Zero and negative scores drop.
 */
export function normalizeToPpm(scores: ReadonlyMap<bigint, number>): Attribution {
  const entries = [...scores.entries()].filter(([, s]) => s > 0);
  const total = entries.reduce((sum, [, s]) => sum + s, 0);
  if (entries.length === 0 || total <= 0) return { contributionIds: [], weightsPpm: [] };
  const rows = entries.map(([id, s]) => {
    const exact = (s / total) * PPM;
    return { id, floor: Math.floor(exact), remainder: exact - Math.floor(exact) };
  });
  let left = PPM - rows.reduce((sum, r) => sum + r.floor, 0);
  const byRemainder = [...rows].sort((a, b) => b.remainder - a.remainder || (a.id < b.id ? -1 : 1));
  for (const row of byRemainder) {
    if (left <= 0) break;
    row.floor += 1;
    left -= 1;
  }
  rows.sort((a, b) => b.floor - a.floor || (a.id < b.id ? -1 : 1));
  return { contributionIds: rows.map((r) => r.id), weightsPpm: rows.map((r) => r.floor) };
}

/** The largest absolute difference in ppm between two attributions, over the union of ids. */
export function largestWeightDeviation(claimed: Attribution, observed: Attribution): number {
  const a = new Map(claimed.contributionIds.map((id, i) => [id, claimed.weightsPpm[i] ?? 0]));
  const b = new Map(observed.contributionIds.map((id, i) => [id, observed.weightsPpm[i] ?? 0]));
  let worst = 0;
  for (const id of new Set([...a.keys(), ...b.keys()])) {
    worst = Math.max(worst, Math.abs((a.get(id) ?? 0) - (b.get(id) ?? 0)));
  }
  return worst;
}
