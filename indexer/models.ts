/** ModelFactory: models, training runs on exact datanet versions, adapters, model status. */
import { ponder } from "ponder:registry";
import { datanetVersion } from "../schema/datanets.js";
import { adapter, model, modelStatusChange, trainingRun, trainingRunDataset } from "../schema/models.js";
import { recordRunOnVersions } from "./consent.js";
import { evidenceOf, eventRowId, recordAnomaly } from "./evidence.js";
import { modelStatusName } from "./statuses.js";

ponder.on("ModelFactory:ModelRegistered", async ({ event, context }) => {
  const evidence = evidenceOf(context.chain.id, event);
  const { modelId, owner, name, baseModel, metadataURI } = event.args;
  if (await context.db.find(model, { id: modelId })) {
    await recordAnomaly(context.db, evidence, event, { kind: "duplicate_model", eventName: "ModelRegistered", details: { modelId } });
    return;
  }
  await context.db.insert(model).values({
    id: modelId,
    owner,
    name,
    baseModel,
    metadataUri: metadataURI,
    status: "draft",
    runCount: 0,
    adapterCount: 0,
    inferenceCount: 0,
    feesTotal: 0n,
    distinctContributorsPaid: 0,
    trainedOnWithdrawnData: false,
    updatedBlock: evidence.blockNumber,
    ...evidence,
  });
});

ponder.on("ModelFactory:TrainingRunRecorded", async ({ event, context }) => {
  const evidence = evidenceOf(context.chain.id, event);
  const { runId, modelId, datanetIds, datanetVersions, weightsHash, configHash, uri } = event.args;
  await context.db.insert(trainingRun).values({
    id: runId,
    modelId,
    datanetIds: [...datanetIds],
    datanetVersions: [...datanetVersions],
    weightsHash,
    configHash,
    uri,
    trainedOnWithdrawnData: false,
    withdrawnContributionCount: 0,
    ...evidence,
  });
  const versions = datanetIds.map((datanetId, i) => ({ datanetId, version: datanetVersions[i] ?? 0 }));
  if (datanetIds.length !== datanetVersions.length) {
    await recordAnomaly(context.db, evidence, event, {
      kind: "datanet_versions_length_mismatch",
      eventName: "TrainingRunRecorded",
      details: { runId, datanetIds, datanetVersions },
    });
  }
  for (const v of versions) {
    await context.db
      .insert(trainingRunDataset)
      .values({ id: `${runId}-${v.datanetId}-${v.version}`, runId, modelId, datanetId: v.datanetId, version: v.version, ...evidence })
      .onConflictDoNothing();
    if (!(await context.db.find(datanetVersion, { id: `${v.datanetId}-${v.version}` }))) {
      await recordAnomaly(context.db, evidence, event, {
        kind: "unknown_datanet_version",
        eventName: "TrainingRunRecorded",
        subject: `${v.datanetId}.${v.version}`,
        details: { runId, ...v },
      });
    }
  }
  const m = await context.db.find(model, { id: modelId });
  if (!m) {
    await recordAnomaly(context.db, evidence, event, { kind: "unknown_model", eventName: "TrainingRunRecorded", details: { runId, modelId } });
  } else {
    await context.db.update(model, { id: modelId }).set({ latestRunId: runId, runCount: m.runCount + 1, updatedBlock: evidence.blockNumber });
  }
  await recordRunOnVersions(context.db, runId, versions, evidence.blockNumber);
});

ponder.on("ModelFactory:AdapterPublished", async ({ event, context }) => {
  const evidence = evidenceOf(context.chain.id, event);
  const { adapterId, modelId, runId, adapterHash, name } = event.args;
  await context.db.insert(adapter).values({ id: adapterId, modelId, runId, adapterHash, name, ...evidence });
  const m = await context.db.find(model, { id: modelId });
  if (!m) {
    await recordAnomaly(context.db, evidence, event, { kind: "unknown_model", eventName: "AdapterPublished", details: { adapterId, modelId } });
    return;
  }
  await context.db.update(model, { id: modelId }).set({ adapterCount: m.adapterCount + 1, updatedBlock: evidence.blockNumber });
  if (!(await context.db.find(trainingRun, { id: runId }))) {
    await recordAnomaly(context.db, evidence, event, { kind: "unknown_training_run", eventName: "AdapterPublished", details: { adapterId, runId } });
  }
});

ponder.on("ModelFactory:ModelStatusChanged", async ({ event, context }) => {
  const evidence = evidenceOf(context.chain.id, event);
  const { modelId, previousStatus, newStatus } = event.args;
  const toStatus = modelStatusName(newStatus);
  await context.db.insert(modelStatusChange).values({
    id: eventRowId(evidence),
    modelId,
    fromStatus: modelStatusName(previousStatus),
    toStatus,
    ...evidence,
  });
  if (!(await context.db.find(model, { id: modelId }))) {
    await recordAnomaly(context.db, evidence, event, { kind: "unknown_model", eventName: "ModelStatusChanged", details: { modelId } });
    return;
  }
  await context.db.update(model, { id: modelId }).set({ status: toStatus, updatedBlock: evidence.blockNumber });
});
