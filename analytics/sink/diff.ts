/**
 * The re-sync's comparison, pure: the canonical rows of a block range (Postgres) against the
 * newest version of each fact ClickHouse holds in that range. A canonical row ClickHouse lacks,
 * holds as deleted, or holds with another fingerprint is written again; a live fact with no
 * canonical row (its block was reorged away, or it moved to another block) is tombstoned.
 */
import { factKey, type FactRow } from "./facts.js";

/** The newest version of one fact in ClickHouse (as read back: numbers may be strings). */
export type StoredFact = {
  id: string;
  chain_id: number | string;
  block_number: string | number;
  ts: number | string;
  transaction_hash: string;
  log_index: number | string;
  fp: string | number;
  del: number | string;
};

export type FactDiff = { upserts: FactRow[]; tombstones: StoredFact[]; unchanged: number };

export function diffFacts(canonical: readonly FactRow[], stored: readonly StoredFact[]): FactDiff {
  const byKey = new Map<string, StoredFact>();
  for (const s of stored) byKey.set(factKey({ id: s.id, block_number: String(s.block_number), block_timestamp: String(s.ts) }), s);
  const upserts: FactRow[] = [];
  const seen = new Set<string>();
  let unchanged = 0;
  for (const row of canonical) {
    const key = factKey(row);
    seen.add(key);
    const s = byKey.get(key);
    if (s && Number(s.del) === 0 && BigInt(s.fp) === row.fingerprint) unchanged++;
    else upserts.push(row);
  }
  const tombstones = stored.filter((s) => Number(s.del) === 0 && !seen.has(factKey({ id: s.id, block_number: String(s.block_number), block_timestamp: String(s.ts) })));
  return { upserts, tombstones, unchanged };
}
