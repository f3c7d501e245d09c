/**
 * The one way jobs are created (indexed inferences, the CLI, later the GraphQL mutation):
 * record each job durably in Postgres first, then add it to the queue. The Postgres record is
 * what makes jobs survive a Redis that restarts empty: the reconciler re-derives from it.
 */
import { keccak256, stringToHex } from "viem";
import { jobKeyOf } from "./claims/claim-key.js";
import type { Claim } from "./claims/types.js";
import type { ReplayQueue } from "./queue/types.js";
import type { PostgresVerdictStore } from "./verdicts/postgres-verdict-store.js";
import type { ReplayJob } from "./queue/types.js";

export type EnqueueParameters = {
  claims: AsyncIterable<Claim> | Iterable<Claim>;
  store: PostgresVerdictStore;
  queue: ReplayQueue;
  /** Who asked: "indexer", "cli", "api". */
  requestedBy: string;
  /** Share of claims to verify, chosen deterministically by job key (so re-derivation agrees). */
  sampleRate?: number;
};

export type EnqueueResult = { considered: number; sampled: number; added: number; jobKeys: string[] };

/** Pure: whether a job falls in the sample (a stable hash of its key against the rate). */
export function inSample(jobKey: string, rate: number): boolean {
  if (rate >= 1) return true;
  return Number.parseInt(keccak256(stringToHex(jobKey)).slice(2, 10), 16) / 0x1_0000_0000 < rate;
}

export async function enqueue(p: EnqueueParameters): Promise<EnqueueResult> {
  const rate = p.sampleRate ?? 1;
  const result: EnqueueResult = { considered: 0, sampled: 0, added: 0, jobKeys: [] };
  let batch: ReplayJob[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    const fresh = await p.store.recordJobs(batch, p.requestedBy);
    await p.queue.add(batch.filter((j) => fresh.has(j.jobKey)));
    result.added += fresh.size;
    batch = [];
  };
  for await (const claim of p.claims) {
    result.considered++;
    const jobKey = jobKeyOf(claim);
    if (!inSample(jobKey, rate)) continue;
    result.sampled++;
    result.jobKeys.push(jobKey);
    batch.push({ jobKey, claim });
    if (batch.length >= 1000) await flush();
  }
  await flush();
  return result;
}
