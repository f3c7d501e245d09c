/** The top-level lists: every entity as a filtered, ordered Relay connection. */
import { eq, sql } from "ponder";
import { anomaly } from "../../../schema/anomalies.js";
import { attributionShare, challenge, feeDistribution, inference, reward } from "../../../schema/attribution.js";
import { contribution, contributionStatusChange, datanet, datanetVersion } from "../../../schema/datanets.js";
import { proposal, protocolParameter, vote } from "../../../schema/governance.js";
import { adapter, model, modelStatusChange, trainingRun } from "../../../schema/models.js";
import type { AsOfView } from "../context.js";
import { latestValueAtSql } from "../loaders/latest-change.js";
import { defineListField, equals, type FilterField } from "../pagination/list-field.js";
import { ContributionStatusEnum, ModelStatusEnum } from "../types/enums.js";
import * as refs from "../types/refs.js";
import type { ContributionStatus, ModelStatus } from "../../../schema/statuses.js";

const by = (type: FilterField["type"], column: Parameters<typeof equals>[0], description?: string): FilterField => ({ type, toSql: equals(column), description });

/** Contribution status at the view: the stored column at the head, else its latest change up to the block. */
const contributionStatusFilter: FilterField = {
  type: ContributionStatusEnum,
  description: "Status at the answered block.",
  toSql: ((value: string, view: AsOfView) =>
    view.block.atHead
      ? eq(contribution.status, value as ContributionStatus)
      : sql`${latestValueAtSql(contributionStatusChange, contributionStatusChange.contributionId, contributionStatusChange.toStatus, contribution.id, view.block.number)} = ${value}`) as FilterField["toSql"],
};

const modelStatusFilter: FilterField = {
  type: ModelStatusEnum,
  description: "Status at the answered block.",
  toSql: ((value: string, view: AsOfView) =>
    view.block.atHead
      ? eq(model.status, value as ModelStatus)
      : sql`coalesce(${latestValueAtSql(modelStatusChange, modelStatusChange.modelId, modelStatusChange.toStatus, model.id, view.block.number)}, 'draft') = ${value}`) as FilterField["toSql"],
};

defineListField({ field: "datanets", typeName: "Datanet", node: refs.DatanetRef, table: datanet, idKind: "bigint", filters: { owner: by("Hex", datanet.owner), category: by("String", datanet.category), licence: by("String", datanet.licence) } });
defineListField({ field: "datanetVersions", typeName: "DatanetVersion", node: refs.DatanetVersionRef, table: datanetVersion, idKind: "text", filters: { datanet: by("BigInt", datanetVersion.datanetId) } });
defineListField({
  field: "contributions",
  typeName: "Contribution",
  node: refs.ContributionRef,
  table: contribution,
  idKind: "bigint",
  filters: { datanet: by("BigInt", contribution.datanetId), contributor: by("Hex", contribution.contributor), contentHash: by("Hex", contribution.contentHash), status: contributionStatusFilter },
  orders: { size: { columns: [contribution.size, contribution.id], kinds: ["bigint", "bigint"] } },
});
defineListField({ field: "models", typeName: "Model", node: refs.ModelRef, table: model, idKind: "bigint", filters: { owner: by("Hex", model.owner), status: modelStatusFilter } });
defineListField({ field: "trainingRuns", typeName: "TrainingRun", node: refs.TrainingRunRef, table: trainingRun, idKind: "bigint", filters: { model: by("BigInt", trainingRun.modelId), weightsHash: by("Hex", trainingRun.weightsHash) } });
defineListField({ field: "adapters", typeName: "Adapter", node: refs.AdapterRef, table: adapter, idKind: "bigint", filters: { model: by("BigInt", adapter.modelId), trainingRun: by("BigInt", adapter.runId) } });
defineListField({
  field: "inferences",
  typeName: "Inference",
  node: refs.InferenceRef,
  table: inference,
  idKind: "bigint",
  filters: { model: by("BigInt", inference.modelId), adapter: by("BigInt", inference.adapterId), trainingRun: by("BigInt", inference.runId), caller: by("Hex", inference.caller) },
  orders: { fee: { columns: [inference.fee, inference.id], kinds: ["bigint", "bigint"] } },
});
defineListField({
  field: "attributionShares",
  typeName: "AttributionShare",
  node: refs.AttributionShareRef,
  table: attributionShare,
  idKind: "text",
  filters: { inference: by("BigInt", attributionShare.inferenceId), contribution: by("BigInt", attributionShare.contributionId) },
  orders: { weight: { columns: [attributionShare.weightPpm, attributionShare.id], kinds: ["int", "text"] } },
});
defineListField({
  field: "rewards",
  typeName: "Reward",
  node: refs.RewardRef,
  table: reward,
  idKind: "text",
  filters: { contributor: by("Hex", reward.contributor), contribution: by("BigInt", reward.contributionId), inference: by("BigInt", reward.inferenceId), model: by("BigInt", reward.modelId) },
  orders: { amount: { columns: [reward.amount, reward.id], kinds: ["bigint", "text"] } },
});
defineListField({ field: "feeDistributions", typeName: "FeeDistribution", node: refs.FeeDistributionRef, table: feeDistribution, idKind: "text", filters: { inference: by("BigInt", feeDistribution.inferenceId), modelOwner: by("Hex", feeDistribution.modelOwner) } });
defineListField({ field: "challenges", typeName: "Challenge", node: refs.ChallengeRef, table: challenge, idKind: "bigint", filters: { inference: by("BigInt", challenge.inferenceId), challenger: by("Hex", challenge.challenger) } });
defineListField({ field: "proposals", typeName: "Proposal", node: refs.ProposalRef, table: proposal, idKind: "bigint", filters: { proposer: by("Hex", proposal.proposer) } });
defineListField({ field: "votes", typeName: "Vote", node: refs.VoteRef, table: vote, idKind: "text", filters: { proposal: by("BigInt", vote.proposalId), voter: by("Hex", vote.voter) } });
defineListField({ field: "protocolParameters", typeName: "ProtocolParameter", node: refs.ProtocolParameterRef, table: protocolParameter, idKind: "text", filters: { key: by("String", protocolParameter.key), contract: by("Hex", protocolParameter.contract) } });
defineListField({ field: "anomalies", typeName: "Anomaly", node: refs.AnomalyRef, table: anomaly, idKind: "text", filters: { kind: by("String", anomaly.kind) } });
