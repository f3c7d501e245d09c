/**
 * Model-side loaders: models, training runs with their datasets, adapters, paid contributors,
 * and the state as of a past block (status, counters, consent withdrawn after training).
 */
import DataLoader from "dataloader";
import { and, count, countDistinct, eq, gt, inArray, lte, max, min, sum } from "ponder";
import { contributionStatusChange, datanetVersionMember } from "../../../schema/datanets.js";
import { adapter, model, modelStatusChange, trainingRun, trainingRunDataset } from "../../../schema/models.js";
import { inference, reward } from "../../../schema/attribution.js";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import type { SqlRunner } from "../read-db.js";
import { rowsByColumn, rowsById } from "./rows.js";

export type ModelRow = typeof model.$inferSelect;
export type TrainingRunRow = typeof trainingRun.$inferSelect;

/** A contribution in a run's datanet versions whose consent was withdrawn, and when. */
export type RunWithdrawal = { runId: bigint; contributionId: bigint; withdrawnBlock: bigint };

export type PaidContributor = { contributor: `0x${string}`; rewardsTotal: bigint; rewardCount: number };

export type ModelCounters = {
  runCount: number;
  latestRunId: bigint | null;
  adapterCount: number;
  inferenceCount: number;
  feesTotal: bigint;
  distinctContributorsPaid: number;
};

const str = (k: unknown) => String(k);

export function createModelLoaders(sql: SqlRunner, block: bigint) {
  const at = (column: AnyPgColumn) => lte(column, block);
  const withdrawalsByRun = new DataLoader<bigint, RunWithdrawal[], string>(
    async (runIds) => {
      // Every (run, member of its versions) withdrawn at or before the answered block: joins the
      // run's datasets to the version members and to the members' withdrawals.
      const rows = await sql.run(
        sql.db
          .select({ runId: trainingRunDataset.runId, contributionId: datanetVersionMember.contributionId, withdrawnBlock: min(contributionStatusChange.blockNumber) })
          .from(trainingRunDataset)
          .innerJoin(datanetVersionMember, and(eq(datanetVersionMember.datanetId, trainingRunDataset.datanetId), eq(datanetVersionMember.version, trainingRunDataset.version)))
          .innerJoin(contributionStatusChange, and(eq(contributionStatusChange.contributionId, datanetVersionMember.contributionId), eq(contributionStatusChange.toStatus, "withdrawn")))
          .where(and(inArray(trainingRunDataset.runId, [...runIds]), at(trainingRunDataset.blockNumber), at(contributionStatusChange.blockNumber)))
          .groupBy(trainingRunDataset.runId, datanetVersionMember.contributionId)
          .orderBy(trainingRunDataset.runId, datanetVersionMember.contributionId),
      );
      const groups = new Map<string, RunWithdrawal[]>();
      for (const r of rows) {
        const list = groups.get(str(r.runId)) ?? [];
        list.push({ runId: r.runId, contributionId: r.contributionId, withdrawnBlock: BigInt(r.withdrawnBlock ?? 0) });
        groups.set(str(r.runId), list);
      }
      return runIds.map((id) => groups.get(str(id)) ?? []);
    },
    { cacheKeyFn: str },
  );
  const statusChanges = rowsByColumn<typeof modelStatusChange, bigint>(sql, modelStatusChange, modelStatusChange.modelId, block);
  return {
    model: rowsById<typeof model, bigint>(sql, model, block),
    trainingRun: rowsById<typeof trainingRun, bigint>(sql, trainingRun, block),
    adapter: rowsById<typeof adapter, bigint>(sql, adapter, block),
    modelsByOwner: rowsByColumn<typeof model, string>(sql, model, model.owner, block),
    runsByModel: rowsByColumn<typeof trainingRun, bigint>(sql, trainingRun, trainingRun.modelId, block),
    datasetsByRun: rowsByColumn<typeof trainingRunDataset, bigint>(sql, trainingRunDataset, trainingRunDataset.runId, block),
    datasetsByDatanet: rowsByColumn<typeof trainingRunDataset, bigint>(sql, trainingRunDataset, trainingRunDataset.datanetId, block),
    adaptersByModel: rowsByColumn<typeof adapter, bigint>(sql, adapter, adapter.modelId, block),
    adaptersByRun: rowsByColumn<typeof adapter, bigint>(sql, adapter, adapter.runId, block),
    statusChanges,
    /** Contributors paid a non-zero reward from the model's inferences, with their totals. */
    paidContributorsByModel: new DataLoader<bigint, PaidContributor[], string>(
      async (ids) => {
        const rows = await sql.run(
          sql.db
            .select({ modelId: reward.modelId, contributor: reward.contributor, total: sum(reward.amount), n: count() })
            .from(reward)
            .where(and(inArray(reward.modelId, [...ids]), gt(reward.amount, 0n), at(reward.blockNumber)))
            .groupBy(reward.modelId, reward.contributor)
            .orderBy(reward.modelId, reward.contributor),
        );
        const groups = new Map<string, PaidContributor[]>();
        for (const r of rows) {
          const list = groups.get(str(r.modelId)) ?? [];
          list.push({ contributor: r.contributor, rewardsTotal: BigInt(r.total ?? 0), rewardCount: Number(r.n) });
          groups.set(str(r.modelId), list);
        }
        return ids.map((id) => groups.get(str(id)) ?? []);
      },
      { cacheKeyFn: str },
    ),
    withdrawalsByRun,
    /** The model's status at the answered block (draft until its first change). */
    modelStatus: new DataLoader<bigint, string, string>(
      async (ids) => Promise.all(ids.map(async (id) => (await statusChanges.load(id)).at(-1)?.toStatus ?? "draft")),
      { cacheKeyFn: str },
    ),
    /** Counters at the answered block, each an aggregate of the events up to it. */
    modelCounters: new DataLoader<bigint, ModelCounters, string>(
      async (ids) => {
        const list = [...ids];
        const runs = await sql.run(
          sql.db.select({ k: trainingRun.modelId, n: count(), latest: max(trainingRun.id) }).from(trainingRun).where(and(inArray(trainingRun.modelId, list), at(trainingRun.blockNumber))).groupBy(trainingRun.modelId),
        );
        const adapters = await sql.run(
          sql.db.select({ k: adapter.modelId, n: count() }).from(adapter).where(and(inArray(adapter.modelId, list), at(adapter.blockNumber))).groupBy(adapter.modelId),
        );
        const inferences = await sql.run(
          sql.db.select({ k: inference.modelId, n: count(), fees: sum(inference.fee) }).from(inference).where(and(inArray(inference.modelId, list), at(inference.blockNumber))).groupBy(inference.modelId),
        );
        const paid = await sql.run(
          sql.db
            .select({ k: reward.modelId, n: countDistinct(reward.contributor) })
            .from(reward)
            .where(and(inArray(reward.modelId, list), gt(reward.amount, 0n), at(reward.blockNumber)))
            .groupBy(reward.modelId),
        );
        const index = <R extends { k: bigint | null }>(rows: R[]) => new Map(rows.map((r) => [str(r.k), r]));
        const [r, a, i, p] = [index(runs), index(adapters), index(inferences), index(paid)];
        return list.map((id) => ({
          runCount: Number(r.get(str(id))?.n ?? 0),
          latestRunId: r.get(str(id))?.latest ?? null,
          adapterCount: Number(a.get(str(id))?.n ?? 0),
          inferenceCount: Number(i.get(str(id))?.n ?? 0),
          feesTotal: BigInt(i.get(str(id))?.fees ?? 0),
          distinctContributorsPaid: Number(p.get(str(id))?.n ?? 0),
        }));
      },
      { cacheKeyFn: str },
    ),
  };
}

/** The run-level consent flags from its withdrawals, as the indexer keeps them. Pure. */
export function runConsentState(run: TrainingRunRow, withdrawals: readonly RunWithdrawal[]) {
  if (withdrawals.length === 0) return { trainedOnWithdrawnData: false, withdrawnContributionCount: 0, firstWithdrawalBlock: null };
  const first = withdrawals.reduce((m, w) => (w.withdrawnBlock < m ? w.withdrawnBlock : m), withdrawals[0]!.withdrawnBlock);
  // A member withdrawn before the run flags it at the run's own block.
  return { trainedOnWithdrawnData: true, withdrawnContributionCount: withdrawals.length, firstWithdrawalBlock: first > run.blockNumber ? first : run.blockNumber };
}

