/**
 * Compares ClickHouse facts with the canonical Postgres rows, one to one: every live fact has
 * exactly one canonical row with the same identity and content, and back. Used by tests and
 * by operators after an incident. Network.
 */
import type { AnalyticsStore } from "../store/store.js";
import { FACTS, FACT_NAMES, factKey, toFactRow, type FactName } from "./facts.js";
import type { PostgresFactSource } from "./postgres-source.js";

export type FactReconciliation = { fact: FactName; canonical: number; live: number; missing: string[]; extra: string[]; duplicated: string[] };

export async function reconcileFacts(store: AnalyticsStore, source: Pick<PostgresFactSource, "rows">, upToBlock = 2n ** 62n): Promise<FactReconciliation[]> {
  const out: FactReconciliation[] = [];
  for (const fact of FACT_NAMES) {
    const canonical = (await source.rows(fact, 0n, upToBlock)).map((r) => toFactRow(fact, r));
    const live = await store.query<{ id: string; block_number: string | number; ts: number; fp: string | number }>(
      `SELECT id, block_number, toUnixTimestamp(block_timestamp) AS ts, fingerprint AS fp FROM (SELECT * FROM ${FACTS[fact].table} FINAL) WHERE deleted = 0`,
    );
    const want = new Map(canonical.map((r) => [`${factKey(r)}#${r.fingerprint}`, r.id]));
    const have = new Map<string, number>();
    for (const l of live) {
      const k = `${factKey({ id: l.id, block_number: String(l.block_number), block_timestamp: String(l.ts) })}#${BigInt(l.fp)}`;
      have.set(k, (have.get(k) ?? 0) + 1);
    }
    const liveIds = new Map<string, number>();
    for (const l of live) liveIds.set(l.id, (liveIds.get(l.id) ?? 0) + 1);
    out.push({
      fact,
      canonical: canonical.length,
      live: live.length,
      missing: [...want.keys()].filter((k) => !have.has(k)),
      extra: [...have.keys()].filter((k) => !want.has(k)),
      duplicated: [...liveIds.entries()].filter(([, n]) => n > 1).map(([id]) => id),
    });
  }
  return out;
}
