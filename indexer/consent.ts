/**
 * "Trained on withdrawn data": version membership is rebuilt from events (a version holds the
 * contributions accepted and not withdrawn when it was published), so a withdrawal finds the
 * training runs whose versions held it, and a new run finds members already withdrawn.
 */
import { and, eq } from "ponder";
import { contribution, datanetVersionMember } from "../schema/datanets.js";
import { model, trainingRun, trainingRunDataset } from "../schema/models.js";
import type { Db } from "./evidence.js";

async function flagRun(db: Db, runId: bigint, modelId: bigint, withdrawals: number, block: bigint): Promise<void> {
  if (withdrawals === 0) return;
  const run = await db.find(trainingRun, { id: runId });
  if (!run) return;
  await db.update(trainingRun, { id: runId }).set({
    trainedOnWithdrawnData: true,
    withdrawnContributionCount: run.withdrawnContributionCount + withdrawals,
    firstWithdrawalBlock: run.firstWithdrawalBlock ?? block,
  });
  const m = await db.find(model, { id: modelId });
  if (m && !m.trainedOnWithdrawnData) await db.update(model, { id: modelId }).set({ trainedOnWithdrawnData: true, updatedBlock: block });
}

/** A contribution's consent was withdrawn: flag every run (and its model) that used it. */
export async function flagRunsUsingContribution(db: Db, contributionId: bigint, block: bigint): Promise<number> {
  const runs = await db.sql
    .selectDistinct({ runId: trainingRunDataset.runId, modelId: trainingRunDataset.modelId })
    .from(trainingRunDataset)
    .innerJoin(
      datanetVersionMember,
      and(eq(datanetVersionMember.datanetId, trainingRunDataset.datanetId), eq(datanetVersionMember.version, trainingRunDataset.version)),
    )
    .where(eq(datanetVersionMember.contributionId, contributionId));
  for (const run of runs) await flagRun(db, run.runId, run.modelId, 1, block);
  return runs.length;
}

/** A run was recorded on versions some of whose members had already withdrawn consent. */
export async function flagRunIfTrainedOnWithdrawn(
  db: Db,
  run: { id: bigint; modelId: bigint },
  versions: readonly { datanetId: bigint; version: number }[],
  block: bigint,
): Promise<number> {
  const withdrawn = new Set<bigint>();
  for (const v of versions) {
    const rows = await db.sql
      .select({ id: contribution.id })
      .from(datanetVersionMember)
      .innerJoin(contribution, eq(contribution.id, datanetVersionMember.contributionId))
      .where(
        and(
          eq(datanetVersionMember.datanetId, v.datanetId),
          eq(datanetVersionMember.version, v.version),
          eq(contribution.status, "withdrawn"),
        ),
      );
    for (const row of rows) withdrawn.add(row.id);
  }
  await flagRun(db, run.id, run.modelId, withdrawn.size, block);
  return withdrawn.size;
}
