/** DatanetRegistry: datanets, curators, contributions (submitted, reviewed, withdrawn), versions. */
import { ponder } from "ponder:registry";
import {
  contribution,
  contributionStatusChange,
  curatorChange,
  datanet,
  datanetCurator,
  datanetVersion,
  datanetVersionMember,
} from "../schema/datanets.js";
import { flagRunsUsingContribution, withId, withoutId } from "./consent.js";
import { evidenceOf, eventRowId, recordAnomaly, type Db, type Evidence, type LogEvent } from "./evidence.js";
import { statusCounter } from "./statuses.js";

/** Moves one contribution between the datanet's per-status counters and its active set. */
async function moveDatanetCounter(
  db: Db,
  evidence: Evidence,
  event: LogEvent,
  eventName: string,
  datanetId: bigint,
  contributionId: bigint,
  from: string | undefined,
  to: string,
): Promise<void> {
  const d = await db.find(datanet, { id: datanetId });
  if (!d) {
    await recordAnomaly(db, evidence, event, { kind: "unknown_datanet", eventName, subject: datanetId, details: { datanetId } });
    return;
  }
  const fromKey = from === undefined ? undefined : statusCounter(from);
  const toKey = statusCounter(to);
  const patch: Partial<typeof d> = { updatedBlock: evidence.blockNumber };
  if (from === undefined) patch.contributionCount = d.contributionCount + 1;
  if (fromKey) patch[fromKey] = d[fromKey] - 1;
  if (toKey) patch[toKey] = (patch[toKey] ?? d[toKey]) + 1;
  if (to === "accepted") patch.activeContributionIds = withId(d.activeContributionIds, contributionId);
  else if (from === "accepted") patch.activeContributionIds = withoutId(d.activeContributionIds, contributionId);
  await db.update(datanet, { id: datanetId }).set(patch);
}

ponder.on("DatanetRegistry:DatanetCreated", async ({ event, context }) => {
  const evidence = evidenceOf(context.chain.id, event);
  const { datanetId, owner, name, category, licence, metadataURI } = event.args;
  const existing = await context.db.find(datanet, { id: datanetId });
  if (existing) {
    await recordAnomaly(context.db, evidence, event, { kind: "duplicate_datanet", eventName: "DatanetCreated", details: { datanetId } });
    return;
  }
  await context.db.insert(datanet).values({
    id: datanetId,
    owner,
    name,
    category,
    licence,
    metadataUri: metadataURI,
    versionCount: 0,
    contributionCount: 0,
    pendingCount: 0,
    acceptedCount: 0,
    rejectedCount: 0,
    withdrawnCount: 0,
    activeContributionIds: [],
    updatedBlock: evidence.blockNumber,
    ...evidence,
  });
});

async function curatorEvent(
  db: Db,
  evidence: Evidence,
  event: LogEvent,
  args: { datanetId: bigint; curator: `0x${string}` },
  added: boolean,
): Promise<void> {
  await db.insert(curatorChange).values({ id: eventRowId(evidence), datanetId: args.datanetId, curator: args.curator, added, ...evidence });
  if (!(await db.find(datanet, { id: args.datanetId }))) {
    await recordAnomaly(db, evidence, event, { kind: "unknown_datanet", eventName: added ? "CuratorAdded" : "CuratorRemoved", details: args });
  }
  await db
    .insert(datanetCurator)
    .values({ id: `${args.datanetId}-${args.curator}`, datanetId: args.datanetId, curator: args.curator, active: added, updatedBlock: evidence.blockNumber, ...evidence })
    .onConflictDoUpdate({ active: added, updatedBlock: evidence.blockNumber });
}

ponder.on("DatanetRegistry:CuratorAdded", async ({ event, context }) => {
  await curatorEvent(context.db, evidenceOf(context.chain.id, event), event, event.args, true);
});

ponder.on("DatanetRegistry:CuratorRemoved", async ({ event, context }) => {
  await curatorEvent(context.db, evidenceOf(context.chain.id, event), event, event.args, false);
});

ponder.on("DatanetRegistry:ContributionSubmitted", async ({ event, context }) => {
  const evidence = evidenceOf(context.chain.id, event);
  const { contributionId, datanetId, contributor, contentHash, size, uri } = event.args;
  await context.db.insert(contributionStatusChange).values({
    id: eventRowId(evidence),
    contributionId,
    datanetId,
    change: "submitted",
    fromStatus: null,
    toStatus: "pending",
    actor: contributor,
    reason: null,
    ...evidence,
  });
  if (await context.db.find(contribution, { id: contributionId })) {
    await recordAnomaly(context.db, evidence, event, { kind: "duplicate_contribution", eventName: "ContributionSubmitted", details: { contributionId } });
    return;
  }
  await context.db.insert(contribution).values({
    id: contributionId,
    datanetId,
    contributor,
    contentHash,
    size,
    uri,
    status: "pending",
    rewardsEarned: 0n,
    rewardCount: 0,
    inferencesAttributed: 0,
    updatedBlock: evidence.blockNumber,
    ...evidence,
  });
  await moveDatanetCounter(context.db, evidence, event, "ContributionSubmitted", datanetId, contributionId, undefined, "pending");
});

ponder.on("DatanetRegistry:ContributionReviewed", async ({ event, context }) => {
  const evidence = evidenceOf(context.chain.id, event);
  const { contributionId, datanetId, curator, accepted, reason } = event.args;
  const toStatus = accepted ? "accepted" : "rejected";
  const c = await context.db.find(contribution, { id: contributionId });
  await context.db.insert(contributionStatusChange).values({
    id: eventRowId(evidence),
    contributionId,
    datanetId,
    change: toStatus,
    fromStatus: c?.status ?? null,
    toStatus,
    actor: curator,
    reason,
    ...evidence,
  });
  if (!c) {
    await recordAnomaly(context.db, evidence, event, { kind: "unknown_contribution", eventName: "ContributionReviewed", subject: contributionId, details: { contributionId, datanetId } });
    return;
  }
  await context.db.update(contribution, { id: contributionId }).set({
    status: toStatus,
    reviewer: curator,
    reviewReason: reason,
    reviewedBlock: evidence.blockNumber,
    updatedBlock: evidence.blockNumber,
  });
  await moveDatanetCounter(context.db, evidence, event, "ContributionReviewed", c.datanetId, contributionId, c.status, toStatus);
});

ponder.on("DatanetRegistry:ContributionWithdrawn", async ({ event, context }) => {
  const evidence = evidenceOf(context.chain.id, event);
  const { contributionId, datanetId, contributor } = event.args;
  const c = await context.db.find(contribution, { id: contributionId });
  await context.db.insert(contributionStatusChange).values({
    id: eventRowId(evidence),
    contributionId,
    datanetId,
    change: "withdrawn",
    fromStatus: c?.status ?? null,
    toStatus: "withdrawn",
    actor: contributor,
    reason: null,
    ...evidence,
  });
  if (!c) {
    await recordAnomaly(context.db, evidence, event, { kind: "unknown_contribution", eventName: "ContributionWithdrawn", subject: contributionId, details: { contributionId, datanetId } });
    return;
  }
  await context.db.update(contribution, { id: contributionId }).set({ status: "withdrawn", withdrawnBlock: evidence.blockNumber, updatedBlock: evidence.blockNumber });
  await moveDatanetCounter(context.db, evidence, event, "ContributionWithdrawn", c.datanetId, contributionId, c.status, "withdrawn");
  await flagRunsUsingContribution(context.db, { id: contributionId, datanetId: c.datanetId }, evidence.blockNumber);
});

ponder.on("DatanetRegistry:DatanetVersionPublished", async ({ event, context }) => {
  const evidence = evidenceOf(context.chain.id, event);
  const { datanetId, version, merkleRoot, contributionCount, manifestURI } = event.args;
  // Membership as of this log: the datanet's contributions accepted and not withdrawn now.
  const d = await context.db.find(datanet, { id: datanetId });
  const members = d?.activeContributionIds ?? [];
  await context.db.insert(datanetVersion).values({
    id: `${datanetId}-${version}`,
    datanetId,
    version,
    merkleRoot,
    contributionCount: Number(contributionCount),
    manifestUri: manifestURI,
    memberCount: members.length,
    memberIds: [...members],
    trainingRunIds: [],
    ...evidence,
  });
  if (members.length > 0) {
    await context.db.insert(datanetVersionMember).values(
      members.map((contributionId) => ({ id: `${datanetId}-${version}-${contributionId}`, datanetId, version, contributionId, ...evidence })),
    );
  }
  if (BigInt(members.length) !== contributionCount) {
    await recordAnomaly(context.db, evidence, event, {
      kind: "version_membership_mismatch",
      eventName: "DatanetVersionPublished",
      details: { datanetId, version, announced: contributionCount, reconstructed: members.length },
    });
  }
  if (!d) {
    await recordAnomaly(context.db, evidence, event, { kind: "unknown_datanet", eventName: "DatanetVersionPublished", details: { datanetId, version } });
    return;
  }
  await context.db.update(datanet, { id: datanetId }).set({ versionCount: Math.max(d.versionCount, version), updatedBlock: evidence.blockNumber });
});
