/** Contribution: one piece of data given to a datanet, its review, consent and what it earned. */
import { contributionStatusChange } from "../../../schema/datanets.js";
import { builder } from "../builder.js";
import { asOfValue, present, wrap, wrapAll } from "./at.js";
import { ContributionStatusEnum } from "./enums.js";
import { EvidenceRef } from "./evidence.js";
import { AccountRef, AttributionShareRef, ContributionRef, DatanetRef, DatanetVersionRef, RewardRef } from "./refs.js";

type Status = "pending" | "accepted" | "rejected" | "withdrawn";

const StatusChangeRef = builder.objectRef<typeof contributionStatusChange.$inferSelect>("ContributionStatusChange").implement({
  description: "One status change: submitted, accepted, rejected or withdrawn (consent revoked).",
  fields: (t) => ({
    change: t.exposeString("change"),
    fromStatus: t.field({ type: ContributionStatusEnum, nullable: true, resolve: (c) => (c.fromStatus as Status | null) ?? null }),
    toStatus: t.field({ type: ContributionStatusEnum, resolve: (c) => c.toStatus as Status }),
    actor: t.field({ type: "Hex", resolve: (c) => c.actor }),
    reason: t.exposeString("reason", { nullable: true }),
    evidence: t.field({ type: EvidenceRef, resolve: (c) => c }),
  }),
});

ContributionRef.implement({
  description: "A contribution: content hash, size and URI given by a contributor to a datanet under its licence.",
  fields: (t) => ({
    id: t.field({ type: "BigInt", resolve: (c) => c.row.id }),
    contributor: t.field({ type: AccountRef, resolve: (c) => ({ row: { address: c.row.contributor }, at: c.at }) }),
    contentHash: t.field({ type: "Hex", resolve: (c) => c.row.contentHash }),
    size: t.field({ type: "BigInt", resolve: (c) => c.row.size }),
    uri: t.string({ resolve: (c) => c.row.uri }),
    datanet: t.field({ type: DatanetRef, resolve: async (c) => wrap(c.at, (await c.at.loaders.datanets.datanet.load(c.row.datanetId))!) }),
    licence: t.string({ description: "The datanet's licence, under which it was given.", resolve: async (c) => (await c.at.loaders.datanets.datanet.load(c.row.datanetId))?.licence ?? "" }),
    status: t.field({
      type: ContributionStatusEnum,
      description: "Status at the answered block: the latest status change up to it.",
      resolve: (c) => asOfValue(c, (r) => r.status as Status, async () => (await c.at.loaders.datanets.contributionState.load(c.row.id)).status as Status),
    }),
    reviewer: t.field({ type: "Hex", nullable: true, resolve: (c) => asOfValue(c, (r) => r.reviewer, async () => (await c.at.loaders.datanets.contributionState.load(c.row.id)).reviewer as `0x${string}` | null) }),
    reviewReason: t.string({ nullable: true, resolve: (c) => asOfValue(c, (r) => r.reviewReason, async () => (await c.at.loaders.datanets.contributionState.load(c.row.id)).reviewReason) }),
    reviewedBlock: t.field({ type: "BigInt", nullable: true, resolve: (c) => asOfValue(c, (r) => r.reviewedBlock, async () => (await c.at.loaders.datanets.contributionState.load(c.row.id)).reviewedBlock) }),
    withdrawnBlock: t.field({
      type: "BigInt",
      nullable: true,
      description: "Block of the ContributionWithdrawn (consent revoked), if by the answered block.",
      resolve: (c) => asOfValue(c, (r) => r.withdrawnBlock, async () => (await c.at.loaders.datanets.contributionState.load(c.row.id)).withdrawnBlock),
    }),
    rewardsEarned: t.field({
      type: "BigInt",
      description: "Sum of RewardPaid amounts for this contribution up to the answered block (wei).",
      resolve: (c) => asOfValue(c, (r) => r.rewardsEarned, async () => (await c.at.loaders.datanets.contributionRewards.load(c.row.id)).total),
    }),
    rewardCount: t.int({ resolve: (c) => asOfValue(c, (r) => r.rewardCount, async () => (await c.at.loaders.datanets.contributionRewards.load(c.row.id)).count) }),
    inferencesAttributed: t.int({
      description: "Attribution shares naming this contribution up to the answered block.",
      resolve: (c) => asOfValue(c, (r) => r.inferencesAttributed, () => c.at.loaders.datanets.contributionAttributedCount.load(c.row.id)),
    }),
    statusHistory: t.field({ type: [StatusChangeRef], resolve: (c) => c.at.loaders.datanets.statusChanges.load(c.row.id) }),
    versions: t.field({
      type: [DatanetVersionRef],
      description: "Datanet versions that hold this contribution.",
      resolve: async (c) => {
        const memberships = await c.at.loaders.datanets.versionsByContribution.load(c.row.id);
        return wrapAll(c.at, present(await c.at.loaders.datanets.datanetVersion.loadMany(memberships.map((m) => `${m.datanetId}-${m.version}`))));
      },
    }),
    attributionShares: t.field({ type: [AttributionShareRef], resolve: async (c) => wrapAll(c.at, await c.at.loaders.attribution.sharesByContribution.load(c.row.id)) }),
    rewards: t.field({ type: [RewardRef], resolve: async (c) => wrapAll(c.at, await c.at.loaders.attribution.rewardsByContribution.load(c.row.id)) }),
    evidence: t.field({ type: EvidenceRef, description: "ContributionSubmitted.", resolve: (c) => c.row }),
  }),
});
