/** TrainingRun: the exact datanet versions a model was trained on, and the consent flags. */
import { runConsentState } from "../loaders/models.js";
import { asOfValue, present, wrap, wrapAll } from "./at.js";
import { EvidenceRef } from "./evidence.js";
import { AdapterRef, DatanetVersionRef, ModelRef, TrainingRunRef } from "./refs.js";

TrainingRunRef.implement({
  description: "A training run: the exact datanet versions it used, its weights and config hashes.",
  fields: (t) => ({
    id: t.field({ type: "BigInt", resolve: (r) => r.row.id }),
    model: t.field({ type: ModelRef, resolve: async (r) => wrap(r.at, (await r.at.loaders.models.model.load(r.row.modelId))!) }),
    weightsHash: t.field({ type: "Hex", resolve: (r) => r.row.weightsHash }),
    configHash: t.field({ type: "Hex", resolve: (r) => r.row.configHash }),
    uri: t.string({ resolve: (r) => r.row.uri }),
    datanetVersions: t.field({
      type: [DatanetVersionRef],
      description: "The versions it was trained on, as recorded by TrainingRunRecorded.",
      resolve: async (r) => {
        const datasets = await r.at.loaders.models.datasetsByRun.load(r.row.id);
        return wrapAll(r.at, present(await r.at.loaders.datanets.datanetVersion.loadMany(datasets.map((d) => `${d.datanetId}-${d.version}`))));
      },
    }),
    trainedOnWithdrawnData: t.boolean({
      resolve: (r) => asOfValue(r, (row) => row.trainedOnWithdrawnData, async () => runConsentState(r.row, await r.at.loaders.models.withdrawalsByRun.load(r.row.id)).trainedOnWithdrawnData),
    }),
    withdrawnContributionCount: t.int({
      description: "Distinct members of its versions withdrawn (before or after the run) by the answered block.",
      resolve: (r) => asOfValue(r, (row) => row.withdrawnContributionCount, async () => runConsentState(r.row, await r.at.loaders.models.withdrawalsByRun.load(r.row.id)).withdrawnContributionCount),
    }),
    firstWithdrawalBlock: t.field({
      type: "BigInt",
      nullable: true,
      description: "When the run was first flagged: its own block if a member was already withdrawn, else the first later withdrawal.",
      resolve: (r) => asOfValue(r, (row) => row.firstWithdrawalBlock, async () => runConsentState(r.row, await r.at.loaders.models.withdrawalsByRun.load(r.row.id)).firstWithdrawalBlock),
    }),
    adapters: t.field({ type: [AdapterRef], resolve: async (r) => wrapAll(r.at, await r.at.loaders.models.adaptersByRun.load(r.row.id)) }),
    evidence: t.field({ type: EvidenceRef, description: "TrainingRunRecorded.", resolve: (r) => r.row }),
  }),
});
