/** A model's registration, status changes, training runs and adapters as of a block. */
import { and, eq, inArray, lte } from "ponder";
import { adapter, model, modelStatusChange, trainingRun } from "../../../schema/models.js";
import type { Fact } from "../facts.js";
import { adapterFact, modelRegisteredFact, modelStatusFact, trainingRunFact } from "./facts-from-rows.js";
import { selectable, type ReportDb } from "./report-db.js";

export type ModelFacts = { facts: Fact[]; datanetIds: bigint[]; found: boolean };

export async function readModelFacts(db: ReportDb, modelIds: readonly bigint[], asOf: bigint): Promise<ModelFacts> {
  if (modelIds.length === 0) return { facts: [], datanetIds: [], found: false };
  const ids = [...new Set(modelIds)];
  const q = selectable(db);
  const [models, statuses, runs, adapters] = await Promise.all([
    q.select().from(model).where(and(inArray(model.id, ids), lte(model.blockNumber, asOf))),
    q.select().from(modelStatusChange).where(and(inArray(modelStatusChange.modelId, ids), lte(modelStatusChange.blockNumber, asOf))),
    q.select().from(trainingRun).where(and(inArray(trainingRun.modelId, ids), lte(trainingRun.blockNumber, asOf))),
    q.select().from(adapter).where(and(inArray(adapter.modelId, ids), lte(adapter.blockNumber, asOf))),
  ]);
  return {
    facts: [...models.map(modelRegisteredFact), ...statuses.map(modelStatusFact), ...runs.map(trainingRunFact), ...adapters.map(adapterFact)],
    datanetIds: runs.flatMap((r) => r.datanetIds),
    found: models.length > 0,
  };
}

/** Training runs recorded on some datanets' versions (which models used a datanet). */
export async function readModelIdsTrainedOn(db: ReportDb, datanetId: bigint, asOf: bigint): Promise<bigint[]> {
  const runs = await selectable(db).select({ modelId: trainingRun.modelId, datanetIds: trainingRun.datanetIds }).from(trainingRun).where(lte(trainingRun.blockNumber, asOf));
  return [...new Set(runs.filter((r) => r.datanetIds.includes(datanetId)).map((r) => r.modelId))];
}

export async function readModelIdsOwnedBy(db: ReportDb, owner: string, asOf: bigint): Promise<bigint[]> {
  const rows = await selectable(db).select({ id: model.id }).from(model).where(and(eq(model.owner, owner as `0x${string}`), lte(model.blockNumber, asOf)));
  return rows.map((r) => r.id);
}
