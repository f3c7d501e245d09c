/** Proof of Attribution: inferences, attribution shares, rewards, fee splits and challenges. */
import { index, onchainTable, relations } from "ponder";
import { evidenceColumns } from "./evidence.js";
import { contribution } from "./datanets.js";
import { adapter, model, trainingRun } from "./models.js";

export const inference = onchainTable(
  "inference",
  (t) => ({
    id: t.bigint().primaryKey(),
    modelId: t.bigint().notNull(),
    adapterId: t.bigint().notNull(), // 0 = the base run, no adapter
    runId: t.bigint().notNull(),
    caller: t.hex().notNull(),
    inputHash: t.hex().notNull(),
    outputHash: t.hex().notNull(),
    fee: t.bigint().notNull(),
    methodId: t.integer(),
    contributionCount: t.integer().notNull(),
    modelOwner: t.hex(),
    protocolAmount: t.bigint(),
    modelOwnerAmount: t.bigint(),
    contributorsAmount: t.bigint(),
    challengeCount: t.integer().notNull(),
    ...evidenceColumns(t),
  }),
  (table) => ({
    modelIdx: index().on(table.modelId, table.blockNumber),
    callerIdx: index().on(table.caller),
    runIdx: index().on(table.runId),
    blockIdx: index().on(table.blockNumber),
  }),
);

/** One row per AttributionRecorded: the claim's method and size; its shares follow. */
export const attribution = onchainTable(
  "attribution",
  (t) => ({
    id: t.text().primaryKey(),
    inferenceId: t.bigint().notNull(),
    methodId: t.integer().notNull(),
    contributionCount: t.integer().notNull(),
    totalWeightPpm: t.integer().notNull(),
    ...evidenceColumns(t),
  }),
  (table) => ({ inferenceIdx: index().on(table.inferenceId) }),
);

/** One row per inference x contribution with its weight in parts per million. */
export const attributionShare = onchainTable(
  "attribution_share",
  (t) => ({
    id: t.text().primaryKey(), // `${eventId}-${contributionId}`
    inferenceId: t.bigint().notNull(),
    contributionId: t.bigint().notNull(),
    methodId: t.integer().notNull(),
    weightPpm: t.integer().notNull(),
    position: t.integer().notNull(),
    ...evidenceColumns(t),
  }),
  (table) => ({
    inferenceIdx: index().on(table.inferenceId),
    contributionIdx: index().on(table.contributionId, table.blockNumber),
    // The analytics sink and the replay follower read new shares by block range.
    blockIdx: index().on(table.blockNumber),
  }),
);

export const reward = onchainTable(
  "reward",
  (t) => ({
    id: t.text().primaryKey(),
    inferenceId: t.bigint().notNull(),
    contributionId: t.bigint().notNull(),
    contributor: t.hex().notNull(),
    amount: t.bigint().notNull(),
    modelId: t.bigint(),
    ...evidenceColumns(t),
  }),
  (table) => ({
    inferenceIdx: index().on(table.inferenceId),
    contributionIdx: index().on(table.contributionId),
    contributorIdx: index().on(table.contributor, table.blockNumber),
    blockIdx: index().on(table.blockNumber), // the analytics sink reads by block range
  }),
);

export const feeDistribution = onchainTable(
  "fee_distribution",
  (t) => ({
    id: t.text().primaryKey(),
    inferenceId: t.bigint().notNull(),
    modelOwner: t.hex().notNull(),
    protocolAmount: t.bigint().notNull(),
    modelOwnerAmount: t.bigint().notNull(),
    contributorsAmount: t.bigint().notNull(),
    ...evidenceColumns(t),
  }),
  (table) => ({ inferenceIdx: index().on(table.inferenceId) }),
);

export const challenge = onchainTable(
  "challenge",
  (t) => ({
    id: t.bigint().primaryKey(),
    inferenceId: t.bigint().notNull(),
    challenger: t.hex().notNull(),
    bond: t.bigint().notNull(),
    reason: t.text().notNull(),
    resolved: t.boolean().notNull(),
    upheld: t.boolean(),
    resolver: t.hex(),
    note: t.text(),
    resolvedBlock: t.bigint(),
    ...evidenceColumns(t),
  }),
  (table) => ({ inferenceIdx: index().on(table.inferenceId), resolvedIdx: index().on(table.resolved) }),
);

/** History: one row per ChallengeOpened / ChallengeResolved. */
export const challengeEvent = onchainTable(
  "challenge_event",
  (t) => ({
    id: t.text().primaryKey(),
    challengeId: t.bigint().notNull(),
    inferenceId: t.bigint().notNull(),
    /** opened | resolved */
    kind: t.text().notNull(),
    actor: t.hex().notNull(),
    upheld: t.boolean(),
    text: t.text().notNull(),
    ...evidenceColumns(t),
  }),
  (table) => ({ challengeIdx: index().on(table.challengeId) }),
);

export const inferenceRelations = relations(inference, ({ one, many }) => ({
  model: one(model, { fields: [inference.modelId], references: [model.id] }),
  adapter: one(adapter, { fields: [inference.adapterId], references: [adapter.id] }),
  run: one(trainingRun, { fields: [inference.runId], references: [trainingRun.id] }),
  shares: many(attributionShare),
  rewards: many(reward),
  challenges: many(challenge),
}));

export const attributionRelations = relations(attribution, ({ one }) => ({
  inference: one(inference, { fields: [attribution.inferenceId], references: [inference.id] }),
}));

export const attributionShareRelations = relations(attributionShare, ({ one }) => ({
  inference: one(inference, { fields: [attributionShare.inferenceId], references: [inference.id] }),
  contribution: one(contribution, { fields: [attributionShare.contributionId], references: [contribution.id] }),
}));

export const rewardRelations = relations(reward, ({ one }) => ({
  inference: one(inference, { fields: [reward.inferenceId], references: [inference.id] }),
  contribution: one(contribution, { fields: [reward.contributionId], references: [contribution.id] }),
}));

export const feeDistributionRelations = relations(feeDistribution, ({ one }) => ({
  inference: one(inference, { fields: [feeDistribution.inferenceId], references: [inference.id] }),
}));

export const challengeRelations = relations(challenge, ({ one, many }) => ({
  inference: one(inference, { fields: [challenge.inferenceId], references: [inference.id] }),
  events: many(challengeEvent),
}));

export const challengeEventRelations = relations(challengeEvent, ({ one }) => ({
  challenge: one(challenge, { fields: [challengeEvent.challengeId], references: [challenge.id] }),
}));
