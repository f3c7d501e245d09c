/** The sink's persisted checkpoint, kept in ClickHouse beside the facts it describes. */
import type { AnalyticsStore } from "../store/store.js";
import { FACTS, FACT_NAMES } from "./facts.js";

export type Checkpoint = { syncedBlock: bigint; syncedTimestamp: number; headBlock: bigint; headTimestamp: number; nextVersion: bigint };

export async function readCheckpoint(store: AnalyticsStore, sink: string): Promise<Checkpoint | undefined> {
  const rows = await store.query<{ b: string | number; ts: number; hb: string | number; hts: number; nv: string | number }>(
    "SELECT synced_block AS b, toUnixTimestamp(synced_timestamp) AS ts, head_block AS hb, toUnixTimestamp(head_timestamp) AS hts, next_version AS nv FROM sink_checkpoint FINAL WHERE sink = {sink:String}",
    { sink },
  );
  const r = rows[0];
  return r ? { syncedBlock: BigInt(r.b), syncedTimestamp: Number(r.ts), headBlock: BigInt(r.hb), headTimestamp: Number(r.hts), nextVersion: BigInt(r.nv) } : undefined;
}

export async function writeCheckpoint(store: AnalyticsStore, sink: string, c: Checkpoint): Promise<void> {
  await store.insert("sink_checkpoint", [
    { sink, synced_block: c.syncedBlock, synced_timestamp: c.syncedTimestamp, head_block: c.headBlock, head_timestamp: c.headTimestamp, next_version: c.nextVersion, version: c.nextVersion },
  ]);
}

/**
 * The first version this run may write: above every version already in any fact table, so a
 * write after a crash always supersedes what the crashed run left, whatever its checkpoint said.
 */
export async function firstFreeVersion(store: AnalyticsStore, checkpoint: Checkpoint | undefined): Promise<bigint> {
  const union = FACT_NAMES.map((f) => `SELECT max(version) AS v FROM ${FACTS[f].table}`).join(" UNION ALL ");
  const rows = await store.query<{ v: string | number }>(`SELECT max(v) AS v FROM (${union})`);
  const stored = BigInt(rows[0]?.v ?? 0) + 1n;
  const saved = checkpoint?.nextVersion ?? 1n;
  return stored > saved ? stored : saved;
}
