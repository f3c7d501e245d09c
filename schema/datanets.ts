/** Datanets: registries of contributions, their curators, reviews, withdrawals and versions. */
import { index, onchainTable, relations } from "ponder";
import type { ContributionChange, ContributionStatus } from "./statuses.js";
import { evidenceColumns } from "./evidence.js";

export const datanet = onchainTable(
  "datanet",
  (t) => ({
    id: t.bigint().primaryKey(),
    owner: t.hex().notNull(),
    name: t.text().notNull(),
    category: t.text().notNull(),
    licence: t.text().notNull(),
    metadataUri: t.text().notNull(),
    versionCount: t.integer().notNull(),
    contributionCount: t.integer().notNull(),
    // Contributions by their current status (a withdrawn one counts only as withdrawn).
    pendingCount: t.integer().notNull(),
    acceptedCount: t.integer().notNull(),
    rejectedCount: t.integer().notNull(),
    withdrawnCount: t.integer().notNull(),
    /**
     * Contributions accepted and not withdrawn, ascending: what a version published now holds.
     * Kept so handlers never need raw SQL (which would flush Ponder's in-memory cache).
     */
    activeContributionIds: t.bigint().array().notNull(),
    updatedBlock: t.bigint().notNull(),
    ...evidenceColumns(t),
  }),
  (table) => ({ ownerIdx: index().on(table.owner), categoryIdx: index().on(table.category) }),
);

export const datanetCurator = onchainTable(
  "datanet_curator",
  (t) => ({
    id: t.text().primaryKey(), // `${datanetId}-${curator}`
    datanetId: t.bigint().notNull(),
    curator: t.hex().notNull(),
    active: t.boolean().notNull(),
    updatedBlock: t.bigint().notNull(),
    ...evidenceColumns(t),
  }),
  (table) => ({ datanetIdx: index().on(table.datanetId), curatorIdx: index().on(table.curator) }),
);

/** History: one row per CuratorAdded / CuratorRemoved. */
export const curatorChange = onchainTable(
  "curator_change",
  (t) => ({
    id: t.text().primaryKey(),
    datanetId: t.bigint().notNull(),
    curator: t.hex().notNull(),
    added: t.boolean().notNull(),
    ...evidenceColumns(t),
  }),
  (table) => ({ datanetIdx: index().on(table.datanetId), blockIdx: index().on(table.blockNumber) }),
);

export const contribution = onchainTable(
  "contribution",
  (t) => ({
    id: t.bigint().primaryKey(),
    datanetId: t.bigint().notNull(),
    contributor: t.hex().notNull(),
    contentHash: t.hex().notNull(),
    size: t.bigint().notNull(),
    uri: t.text().notNull(),
    /** pending | accepted | rejected | withdrawn */
    status: t.text().$type<ContributionStatus>().notNull(),
    reviewer: t.hex(),
    reviewReason: t.text(),
    reviewedBlock: t.bigint(),
    withdrawnBlock: t.bigint(),
    rewardsEarned: t.bigint().notNull(),
    rewardCount: t.integer().notNull(),
    inferencesAttributed: t.integer().notNull(),
    updatedBlock: t.bigint().notNull(),
    ...evidenceColumns(t),
  }),
  (table) => ({
    datanetIdx: index().on(table.datanetId),
    contributorIdx: index().on(table.contributor),
    statusIdx: index().on(table.status),
    contentHashIdx: index().on(table.contentHash),
    blockIdx: index().on(table.blockNumber),
  }),
);

/** History: submitted, accepted, rejected, withdrawn — one row per status change with its block. */
export const contributionStatusChange = onchainTable(
  "contribution_status_change",
  (t) => ({
    id: t.text().primaryKey(),
    contributionId: t.bigint().notNull(),
    datanetId: t.bigint().notNull(),
    change: t.text().$type<ContributionChange>().notNull(),
    fromStatus: t.text().$type<ContributionStatus>(),
    toStatus: t.text().$type<ContributionStatus>().notNull(),
    actor: t.hex().notNull(),
    reason: t.text(),
    ...evidenceColumns(t),
  }),
  (table) => ({
    contributionIdx: index().on(table.contributionId, table.blockNumber),
    datanetIdx: index().on(table.datanetId),
    blockIdx: index().on(table.blockNumber),
  }),
);

export const datanetVersion = onchainTable(
  "datanet_version",
  (t) => ({
    id: t.text().primaryKey(), // `${datanetId}-${version}`
    datanetId: t.bigint().notNull(),
    version: t.integer().notNull(),
    merkleRoot: t.hex().notNull(),
    contributionCount: t.integer().notNull(),
    manifestUri: t.text().notNull(),
    /** Members reconstructed from events; equals contributionCount on an honest chain. */
    memberCount: t.integer().notNull(),
    /** The members' contribution ids, ascending (the same set as datanet_version_member). */
    memberIds: t.bigint().array().notNull(),
    /** Training runs recorded on this version, in order (the same set as training_run_dataset). */
    trainingRunIds: t.bigint().array().notNull(),
    ...evidenceColumns(t),
  }),
  (table) => ({ datanetIdx: index().on(table.datanetId, table.version) }),
);

/** Which contributions a version holds: accepted and not withdrawn when it was published. */
export const datanetVersionMember = onchainTable(
  "datanet_version_member",
  (t) => ({
    id: t.text().primaryKey(), // `${datanetId}-${version}-${contributionId}`
    datanetId: t.bigint().notNull(),
    version: t.integer().notNull(),
    contributionId: t.bigint().notNull(),
    ...evidenceColumns(t),
  }),
  (table) => ({
    versionIdx: index().on(table.datanetId, table.version),
    contributionIdx: index().on(table.contributionId),
  }),
);

export const datanetRelations = relations(datanet, ({ many }) => ({
  contributions: many(contribution),
  versions: many(datanetVersion),
  curators: many(datanetCurator),
}));

export const datanetCuratorRelations = relations(datanetCurator, ({ one }) => ({
  datanet: one(datanet, { fields: [datanetCurator.datanetId], references: [datanet.id] }),
}));

export const contributionRelations = relations(contribution, ({ one, many }) => ({
  datanet: one(datanet, { fields: [contribution.datanetId], references: [datanet.id] }),
  statusChanges: many(contributionStatusChange),
  versionMemberships: many(datanetVersionMember),
}));

export const contributionStatusChangeRelations = relations(contributionStatusChange, ({ one }) => ({
  contribution: one(contribution, { fields: [contributionStatusChange.contributionId], references: [contribution.id] }),
}));

export const datanetVersionRelations = relations(datanetVersion, ({ one, many }) => ({
  datanet: one(datanet, { fields: [datanetVersion.datanetId], references: [datanet.id] }),
  members: many(datanetVersionMember),
}));

export const datanetVersionMemberRelations = relations(datanetVersionMember, ({ one }) => ({
  contribution: one(contribution, { fields: [datanetVersionMember.contributionId], references: [contribution.id] }),
  datanetVersion: one(datanetVersion, {
    fields: [datanetVersionMember.datanetId, datanetVersionMember.version],
    references: [datanetVersion.datanetId, datanetVersion.version],
  }),
}));
