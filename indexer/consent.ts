/**
 * "Trained on withdrawn data": version membership is rebuilt from events (a version holds the
 * contributions accepted and not withdrawn when it was published), so a withdrawal finds the
 * training runs whose versions held it, and a new run finds members already withdrawn.
 *
 * Only keyed store reads here, never raw SQL: Ponder flushes its write buffer before raw SQL,
 * and a query it cannot prove read-only (a join with DISTINCT, say) also empties its in-memory
 * cache for the rest of the backfill, so every later read goes to the database.
 */
import { contribution, datanet, datanetVersion } from "../schema/datanets.js";
import { model, trainingRun } from "../schema/models.js";
import type { Db } from "./evidence.js";

/** Is `id` in the ascending list? Binary search. Pure. */
export function hasId(ids: readonly bigint[], id: bigint): boolean {
  let lo = 0;
  let hi = ids.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = ids[mid]!;
    if (v === id) return true;
    if (v < id) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

/** The ascending list with `id` added (unchanged if present). Pure. */
export function withId(ids: readonly bigint[], id: bigint): bigint[] {
  if (hasId(ids, id)) return [...ids];
  const out = [...ids];
  let i = out.length;
  while (i > 0 && out[i - 1]! > id) i--;
  out.splice(i, 0, id);
  return out;
}

/** The list without `id`. Pure. */
export function withoutId(ids: readonly bigint[], id: bigint): bigint[] {
  return ids.filter((v) => v !== id);
}

async function flagRun(db: Db, runId: bigint, withdrawals: number, block: bigint): Promise<void> {
  if (withdrawals === 0) return;
  const run = await db.find(trainingRun, { id: runId });
  if (!run) return;
  await db.update(trainingRun, { id: runId }).set({
    trainedOnWithdrawnData: true,
    withdrawnContributionCount: run.withdrawnContributionCount + withdrawals,
    firstWithdrawalBlock: run.firstWithdrawalBlock ?? block,
  });
  const m = await db.find(model, { id: run.modelId });
  if (m && !m.trainedOnWithdrawnData) await db.update(model, { id: run.modelId }).set({ trainedOnWithdrawnData: true, updatedBlock: block });
}

/** A contribution's consent was withdrawn: flag every run (and its model) that used it. */
export async function flagRunsUsingContribution(db: Db, withdrawn: { id: bigint; datanetId: bigint }, block: bigint): Promise<number> {
  const d = await db.find(datanet, { id: withdrawn.datanetId });
  if (!d) return 0;
  const runs = new Set<bigint>();
  // Versions are numbered 1..versionCount; a contribution can only be in its own datanet's.
  for (let v = 1; v <= d.versionCount; v++) {
    const version = await db.find(datanetVersion, { id: `${withdrawn.datanetId}-${v}` });
    if (version && hasId(version.memberIds, withdrawn.id)) for (const runId of version.trainingRunIds) runs.add(runId);
  }
  for (const runId of runs) await flagRun(db, runId, 1, block);
  return runs.size;
}

/**
 * A run was recorded on these versions: remember it on each version (for later withdrawals)
 * and flag it if some of their members had already withdrawn consent.
 */
export async function recordRunOnVersions(db: Db, runId: bigint, versions: readonly { datanetId: bigint; version: number }[], block: bigint): Promise<number> {
  const withdrawn = new Set<bigint>();
  for (const v of versions) {
    const id = `${v.datanetId}-${v.version}`;
    const version = await db.find(datanetVersion, { id });
    if (!version) continue;
    for (const member of version.memberIds) {
      if ((await db.find(contribution, { id: member }))?.status === "withdrawn") withdrawn.add(member);
    }
    if (!version.trainingRunIds.includes(runId)) await db.update(datanetVersion, { id }).set({ trainingRunIds: [...version.trainingRunIds, runId] });
  }
  await flagRun(db, runId, withdrawn.size, block);
  return withdrawn.size;
}
