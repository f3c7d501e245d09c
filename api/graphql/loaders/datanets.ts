/**
 * Datanet-side loaders: datanets, contributions, versions and their members, curators, and
 * the state as of a past block derived from the append-only history (status changes).
 */
import DataLoader from "dataloader";
import { and, count, desc, inArray, lte, max, sum } from "ponder";
import {
  contribution,
  contributionStatusChange,
  curatorChange,
  datanet,
  datanetVersion,
  datanetVersionMember,
} from "../../../schema/datanets.js";
import { attributionShare, reward } from "../../../schema/attribution.js";
import type { SqlRunner } from "../read-db.js";
import { rowsByColumn, rowsById } from "./rows.js";

export type ContributionRow = typeof contribution.$inferSelect;
export type DatanetRow = typeof datanet.$inferSelect;
export type DatanetVersionRow = typeof datanetVersion.$inferSelect;
export type StatusChangeRow = typeof contributionStatusChange.$inferSelect;

/** A contribution's review and consent state as the history stood at the answered block. */
export type ContributionState = {
  status: string;
  reviewer: string | null;
  reviewReason: string | null;
  reviewedBlock: bigint | null;
  withdrawnBlock: bigint | null;
};

/** Folds a contribution's status changes (chain order) into its state. Pure. */
export function foldContributionState(changes: readonly StatusChangeRow[]): ContributionState {
  const state: ContributionState = { status: "pending", reviewer: null, reviewReason: null, reviewedBlock: null, withdrawnBlock: null };
  for (const c of changes) {
    state.status = c.toStatus;
    if (c.change === "accepted" || c.change === "rejected") {
      state.reviewer = c.actor;
      state.reviewReason = c.reason ?? null;
      state.reviewedBlock = c.blockNumber;
    }
    if (c.toStatus === "withdrawn") state.withdrawnBlock = c.blockNumber;
  }
  return state;
}

export type DatanetCounts = {
  contributionCount: number;
  pendingCount: number;
  acceptedCount: number;
  rejectedCount: number;
  withdrawnCount: number;
  versionCount: number;
};

const byBigint = <V>(rows: { k: bigint; v: V }[]) => new Map(rows.map((r) => [r.k.toString(), r.v]));

export function createDatanetLoaders(sql: SqlRunner, block: bigint) {
  const statusChanges = rowsByColumn<typeof contributionStatusChange, bigint>(sql, contributionStatusChange, contributionStatusChange.contributionId, block);
  return {
    datanet: rowsById<typeof datanet, bigint>(sql, datanet, block),
    contribution: rowsById<typeof contribution, bigint>(sql, contribution, block),
    datanetVersion: rowsById<typeof datanetVersion, string>(sql, datanetVersion, block),
    contributionsByDatanet: rowsByColumn<typeof contribution, bigint>(sql, contribution, contribution.datanetId, block),
    contributionsByContributor: rowsByColumn<typeof contribution, string>(sql, contribution, contribution.contributor, block),
    versionsByDatanet: rowsByColumn<typeof datanetVersion, bigint>(sql, datanetVersion, datanetVersion.datanetId, block),
    membersByDatanet: rowsByColumn<typeof datanetVersionMember, bigint>(sql, datanetVersionMember, datanetVersionMember.datanetId, block),
    versionsByContribution: rowsByColumn<typeof datanetVersionMember, bigint>(sql, datanetVersionMember, datanetVersionMember.contributionId, block),
    statusChanges,
    curatorChangesByDatanet: rowsByColumn<typeof curatorChange, bigint>(sql, curatorChange, curatorChange.datanetId, block),
    /** Review and consent state at the answered block. */
    contributionState: new DataLoader<bigint, ContributionState, string>(
      async (ids) => Promise.all(ids.map(async (id) => foldContributionState(await statusChanges.load(id)))),
      { cacheKeyFn: String },
    ),
    /** Rewards earned and their count at the answered block. */
    contributionRewards: new DataLoader<bigint, { total: bigint; count: number }, string>(
      async (ids) => {
        const rows = await sql.run(
          sql.db
            .select({ k: reward.contributionId, total: sum(reward.amount), n: count() })
            .from(reward)
            .where(and(inArray(reward.contributionId, [...ids]), lte(reward.blockNumber, block)))
            .groupBy(reward.contributionId),
        );
        const m = byBigint(rows.map((r) => ({ k: r.k, v: { total: BigInt(r.total ?? 0), count: Number(r.n) } })));
        return ids.map((id) => m.get(id.toString()) ?? { total: 0n, count: 0 });
      },
      { cacheKeyFn: String },
    ),
    /** Attribution shares naming the contribution at the answered block. */
    contributionAttributedCount: new DataLoader<bigint, number, string>(
      async (ids) => {
        const rows = await sql.run(
          sql.db
            .select({ k: attributionShare.contributionId, n: count() })
            .from(attributionShare)
            .where(and(inArray(attributionShare.contributionId, [...ids]), lte(attributionShare.blockNumber, block)))
            .groupBy(attributionShare.contributionId),
        );
        const m = byBigint(rows.map((r) => ({ k: r.k, v: Number(r.n) })));
        return ids.map((id) => m.get(id.toString()) ?? 0);
      },
      { cacheKeyFn: String },
    ),
    /** Per-status contribution counts and the version count at the answered block. */
    datanetCounts: new DataLoader<bigint, DatanetCounts, string>(
      async (ids) => {
        const latest = await sql.run(
          sql.db
            .selectDistinctOn([contributionStatusChange.contributionId], { datanetId: contributionStatusChange.datanetId, status: contributionStatusChange.toStatus })
            .from(contributionStatusChange)
            .where(and(inArray(contributionStatusChange.datanetId, [...ids]), lte(contributionStatusChange.blockNumber, block)))
            .orderBy(contributionStatusChange.contributionId, desc(contributionStatusChange.blockNumber), desc(contributionStatusChange.logIndex)),
        );
        const versions = await sql.run(
          sql.db
            .select({ k: datanetVersion.datanetId, v: max(datanetVersion.version) })
            .from(datanetVersion)
            .where(and(inArray(datanetVersion.datanetId, [...ids]), lte(datanetVersion.blockNumber, block)))
            .groupBy(datanetVersion.datanetId),
        );
        const versionCount = byBigint(versions.map((r) => ({ k: r.k, v: r.v ?? 0 })));
        const counts = new Map<string, DatanetCounts>();
        for (const id of ids) counts.set(id.toString(), { contributionCount: 0, pendingCount: 0, acceptedCount: 0, rejectedCount: 0, withdrawnCount: 0, versionCount: versionCount.get(id.toString()) ?? 0 });
        for (const r of latest) {
          const c = counts.get(r.datanetId.toString())!;
          c.contributionCount += 1;
          const key = `${r.status}Count` as keyof DatanetCounts;
          if (key in c) c[key] += 1;
        }
        return ids.map((id) => counts.get(id.toString())!);
      },
      { cacheKeyFn: String },
    ),
  };
}

/** Versions' members in version order, from the datanet's member rows. Pure. */
export function membersOfVersion(members: readonly (typeof datanetVersionMember.$inferSelect)[], version: number): bigint[] {
  return members.filter((m) => m.version === version).map((m) => m.contributionId);
}

