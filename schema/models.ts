/** Models, their training runs (with the exact datanet versions used), adapters and status. */
import { index, onchainTable, relations } from "ponder";
import type { ModelStatusWord } from "./statuses.js";
import { evidenceColumns } from "./evidence.js";
import { datanetVersion } from "./datanets.js";

export const model = onchainTable(
  "model",
  (t) => ({
    id: t.bigint().primaryKey(),
    owner: t.hex().notNull(),
    name: t.text().notNull(),
    baseModel: t.text().notNull(),
    metadataUri: t.text().notNull(),
    /** draft | published | deprecated */
    status: t.text().$type<ModelStatusWord>().notNull(),
    latestRunId: t.bigint(),
    runCount: t.integer().notNull(),
    adapterCount: t.integer().notNull(),
    inferenceCount: t.integer().notNull(),
    feesTotal: t.bigint().notNull(),
    distinctContributorsPaid: t.integer().notNull(),
    /** Some run of this model used a contribution whose consent was later withdrawn. */
    trainedOnWithdrawnData: t.boolean().notNull(),
    updatedBlock: t.bigint().notNull(),
    ...evidenceColumns(t),
  }),
  (table) => ({ ownerIdx: index().on(table.owner), statusIdx: index().on(table.status) }),
);

/** History: one row per ModelStatusChanged. */
export const modelStatusChange = onchainTable(
  "model_status_change",
  (t) => ({
    id: t.text().primaryKey(),
    modelId: t.bigint().notNull(),
    fromStatus: t.text().$type<ModelStatusWord>().notNull(),
    toStatus: t.text().$type<ModelStatusWord>().notNull(),
    ...evidenceColumns(t),
  }),
  (table) => ({ modelIdx: index().on(table.modelId, table.blockNumber) }),
);

export const trainingRun = onchainTable(
  "training_run",
  (t) => ({
    id: t.bigint().primaryKey(),
    modelId: t.bigint().notNull(),
    datanetIds: t.bigint().array().notNull(),
    datanetVersions: t.integer().array().notNull(),
    weightsHash: t.hex().notNull(),
    configHash: t.hex().notNull(),
    uri: t.text().notNull(),
    trainedOnWithdrawnData: t.boolean().notNull(),
    /** Contributions of its versions withdrawn so far (before or after the run). */
    withdrawnContributionCount: t.integer().notNull(),
    firstWithdrawalBlock: t.bigint(),
    ...evidenceColumns(t),
  }),
  (table) => ({ modelIdx: index().on(table.modelId), weightsIdx: index().on(table.weightsHash) }),
);

/** One row per (run, datanet version) it was trained on: joins runs to version members. */
export const trainingRunDataset = onchainTable(
  "training_run_dataset",
  (t) => ({
    id: t.text().primaryKey(), // `${runId}-${datanetId}-${version}`
    runId: t.bigint().notNull(),
    modelId: t.bigint().notNull(),
    datanetId: t.bigint().notNull(),
    version: t.integer().notNull(),
    ...evidenceColumns(t),
  }),
  (table) => ({ runIdx: index().on(table.runId), versionIdx: index().on(table.datanetId, table.version) }),
);

export const adapter = onchainTable(
  "adapter",
  (t) => ({
    id: t.bigint().primaryKey(),
    modelId: t.bigint().notNull(),
    runId: t.bigint().notNull(),
    adapterHash: t.hex().notNull(),
    name: t.text().notNull(),
    ...evidenceColumns(t),
  }),
  (table) => ({ modelIdx: index().on(table.modelId), runIdx: index().on(table.runId) }),
);

/** Distinct contributors a model's inferences have paid, with the totals. */
export const modelContributor = onchainTable(
  "model_contributor",
  (t) => ({
    id: t.text().primaryKey(), // `${modelId}-${contributor}`
    modelId: t.bigint().notNull(),
    contributor: t.hex().notNull(),
    rewardsTotal: t.bigint().notNull(),
    rewardCount: t.integer().notNull(),
    ...evidenceColumns(t),
  }),
  (table) => ({ modelIdx: index().on(table.modelId), contributorIdx: index().on(table.contributor) }),
);

export const modelRelations = relations(model, ({ many }) => ({
  runs: many(trainingRun),
  adapters: many(adapter),
  statusChanges: many(modelStatusChange),
  contributors: many(modelContributor),
}));

export const modelStatusChangeRelations = relations(modelStatusChange, ({ one }) => ({
  model: one(model, { fields: [modelStatusChange.modelId], references: [model.id] }),
}));

export const trainingRunRelations = relations(trainingRun, ({ one, many }) => ({
  model: one(model, { fields: [trainingRun.modelId], references: [model.id] }),
  datasets: many(trainingRunDataset),
  adapters: many(adapter),
}));

export const trainingRunDatasetRelations = relations(trainingRunDataset, ({ one }) => ({
  run: one(trainingRun, { fields: [trainingRunDataset.runId], references: [trainingRun.id] }),
  datanetVersion: one(datanetVersion, {
    fields: [trainingRunDataset.datanetId, trainingRunDataset.version],
    references: [datanetVersion.datanetId, datanetVersion.version],
  }),
}));

export const adapterRelations = relations(adapter, ({ one }) => ({
  model: one(model, { fields: [adapter.modelId], references: [model.id] }),
  run: one(trainingRun, { fields: [adapter.runId], references: [trainingRun.id] }),
}));

export const modelContributorRelations = relations(modelContributor, ({ one }) => ({
  model: one(model, { fields: [modelContributor.modelId], references: [model.id] }),
}));
