/**
 * Ponder's rows back into the events they were indexed from. Each indexed row keeps its
 * evidence (transaction, block, log index) and the event's arguments, so the event can be
 * written out again, argument by argument, as the ABI names it. Pure.
 */
import { stringToHex, type Hex } from "viem";
import type { attributionShare, challenge, challengeEvent, feeDistribution, inference, reward } from "../../../schema/attribution.js";
import type { contribution, contributionStatusChange, curatorChange, datanet, datanetVersion } from "../../../schema/datanets.js";
import type { parameterChange } from "../../../schema/governance.js";
import type { adapter, model, modelStatusChange, trainingRun } from "../../../schema/models.js";
import type { ProtocolContractName } from "../../../contracts-abi/contract-names.js";
import type { Fact, FactEventName, FactValue } from "../facts.js";

type EvidenceRow = { blockNumber: bigint; blockTimestamp: bigint; transactionHash: Hex; logIndex: number };

const hex = (value: string): string => value.toLowerCase();
const dec = (value: bigint | number): string => value.toString();

function fact(contract: ProtocolContractName, event: FactEventName, row: EvidenceRow, args: Record<string, FactValue>): Fact {
  return {
    contract,
    event,
    tx: hex(row.transactionHash),
    block: dec(row.blockNumber),
    logIndex: row.logIndex,
    time: dec(row.blockTimestamp),
    args,
  };
}

export function datanetCreatedFact(row: typeof datanet.$inferSelect): Fact {
  return fact("DatanetRegistry", "DatanetCreated", row, {
    datanetId: dec(row.id),
    owner: hex(row.owner),
    name: row.name,
    category: row.category,
    licence: row.licence,
    metadataURI: row.metadataUri,
  });
}

export function curatorChangeFact(row: typeof curatorChange.$inferSelect): Fact {
  return fact("DatanetRegistry", row.added ? "CuratorAdded" : "CuratorRemoved", row, { datanetId: dec(row.datanetId), curator: hex(row.curator) });
}

export function contributionSubmittedFact(row: typeof contribution.$inferSelect): Fact {
  return fact("DatanetRegistry", "ContributionSubmitted", row, {
    contributionId: dec(row.id),
    datanetId: dec(row.datanetId),
    contributor: hex(row.contributor),
    contentHash: hex(row.contentHash),
    size: dec(row.size),
    uri: row.uri,
  });
}

/** Reviews and withdrawals; the "submitted" history row is the contribution row's own event. */
export function contributionStatusFact(row: typeof contributionStatusChange.$inferSelect): Fact | undefined {
  const ids = { contributionId: dec(row.contributionId), datanetId: dec(row.datanetId) };
  if (row.change === "withdrawn") return fact("DatanetRegistry", "ContributionWithdrawn", row, { ...ids, contributor: hex(row.actor) });
  if (row.change === "accepted" || row.change === "rejected") {
    return fact("DatanetRegistry", "ContributionReviewed", row, { ...ids, curator: hex(row.actor), accepted: row.change === "accepted", reason: row.reason ?? "" });
  }
  return undefined;
}

export function versionPublishedFact(row: typeof datanetVersion.$inferSelect): Fact {
  return fact("DatanetRegistry", "DatanetVersionPublished", row, {
    datanetId: dec(row.datanetId),
    version: dec(row.version),
    merkleRoot: hex(row.merkleRoot),
    contributionCount: dec(row.contributionCount),
    manifestURI: row.manifestUri,
  });
}

export function modelRegisteredFact(row: typeof model.$inferSelect): Fact {
  return fact("ModelFactory", "ModelRegistered", row, {
    modelId: dec(row.id),
    owner: hex(row.owner),
    name: row.name,
    baseModel: row.baseModel,
    metadataURI: row.metadataUri,
  });
}

/** ModelFactory.ModelStatus: Draft=0, Published=1, Deprecated=2. */
export const MODEL_STATUS_CODES: Record<string, string> = { draft: "0", published: "1", deprecated: "2" };

export function modelStatusFact(row: typeof modelStatusChange.$inferSelect): Fact {
  return fact("ModelFactory", "ModelStatusChanged", row, {
    modelId: dec(row.modelId),
    previousStatus: MODEL_STATUS_CODES[row.fromStatus] ?? row.fromStatus,
    newStatus: MODEL_STATUS_CODES[row.toStatus] ?? row.toStatus,
  });
}

export function trainingRunFact(row: typeof trainingRun.$inferSelect): Fact {
  return fact("ModelFactory", "TrainingRunRecorded", row, {
    runId: dec(row.id),
    modelId: dec(row.modelId),
    datanetIds: row.datanetIds.map(dec),
    datanetVersions: row.datanetVersions.map(dec),
    weightsHash: hex(row.weightsHash),
    configHash: hex(row.configHash),
    uri: row.uri,
  });
}

export function adapterFact(row: typeof adapter.$inferSelect): Fact {
  return fact("ModelFactory", "AdapterPublished", row, {
    adapterId: dec(row.id),
    modelId: dec(row.modelId),
    runId: dec(row.runId),
    adapterHash: hex(row.adapterHash),
    name: row.name,
  });
}

export function inferenceFact(row: typeof inference.$inferSelect): Fact {
  return fact("AttributionEngine", "InferenceRecorded", row, {
    inferenceId: dec(row.id),
    modelId: dec(row.modelId),
    adapterId: dec(row.adapterId),
    runId: dec(row.runId),
    caller: hex(row.caller),
    inputHash: hex(row.inputHash),
    outputHash: hex(row.outputHash),
    fee: dec(row.fee),
  });
}

/** One AttributionRecorded from its share rows (all from the same log), in their on-chain order. */
export function attributionFact(shares: readonly (typeof attributionShare.$inferSelect)[]): Fact {
  const ordered = [...shares].sort((a, b) => a.position - b.position);
  const first = ordered[0]!;
  return fact("AttributionEngine", "AttributionRecorded", first, {
    inferenceId: dec(first.inferenceId),
    methodId: dec(first.methodId),
    contributionIds: ordered.map((s) => dec(s.contributionId)),
    weightsPpm: ordered.map((s) => dec(s.weightPpm)),
  });
}

export function rewardFact(row: typeof reward.$inferSelect): Fact {
  return fact("AttributionEngine", "RewardPaid", row, {
    inferenceId: dec(row.inferenceId),
    contributionId: dec(row.contributionId),
    contributor: hex(row.contributor),
    amount: dec(row.amount),
  });
}

export function feeDistributedFact(row: typeof feeDistribution.$inferSelect): Fact {
  return fact("AttributionEngine", "FeeDistributed", row, {
    inferenceId: dec(row.inferenceId),
    modelOwner: hex(row.modelOwner),
    protocolAmount: dec(row.protocolAmount),
    modelOwnerAmount: dec(row.modelOwnerAmount),
    contributorsAmount: dec(row.contributorsAmount),
  });
}

/** ChallengeOpened needs the bond, which only the challenge row keeps. */
export function challengeFact(row: typeof challengeEvent.$inferSelect, opened: typeof challenge.$inferSelect | undefined): Fact {
  const ids = { challengeId: dec(row.challengeId), inferenceId: dec(row.inferenceId) };
  if (row.kind === "opened") {
    return fact("AttributionEngine", "ChallengeOpened", row, { ...ids, challenger: hex(row.actor), bond: dec(opened?.bond ?? 0n), reason: row.text });
  }
  return fact("AttributionEngine", "ChallengeResolved", row, { ...ids, resolver: hex(row.actor), upheld: row.upheld === true, note: row.text });
}

/** AttributionEngine's parameter events, from the history row the indexer keyed by name. */
export function attributionParameterFact(row: typeof parameterChange.$inferSelect): Fact {
  const method = /^methodEnabled:(\d+)$/.exec(row.key);
  if (method) return fact("AttributionEngine", "MethodSet", row, { methodId: method[1]!, enabled: row.newValue === "1" });
  const resolver = /^isResolver:(0x[0-9a-fA-F]{40})$/.exec(row.key);
  if (resolver) return fact("AttributionEngine", "ResolverSet", row, { resolver: hex(resolver[1]!), enabled: row.newValue === "1" });
  const key = /^0x[0-9a-fA-F]{64}$/.test(row.key) ? hex(row.key) : stringToHex(row.key, { size: 32 });
  return fact("AttributionEngine", "ParameterChanged", row, { key, previousValue: row.previousValue ?? "0", newValue: row.newValue });
}
