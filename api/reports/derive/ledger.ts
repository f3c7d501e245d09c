/**
 * The chain's state as of a report's block, replayed from its facts in chain order: datanets,
 * curators, contributions with their status history, versions with their members, models,
 * runs, inferences with attribution, rewards and fee split, challenges and parameter changes.
 * Pure: the same facts always give the same ledger, wherever it is computed (hub or verifier).
 */
import { argBool, argList, argText, compareFacts, evidenceOf, type Evidence, type Fact } from "../facts.js";

export type ContributionState = {
  id: string;
  datanetId: string;
  contributor: string;
  contentHash: string;
  size: string;
  uri: string;
  submitted: Fact;
  status: "pending" | "accepted" | "rejected" | "withdrawn";
  review: Fact | undefined;
  withdrawal: Fact | undefined;
};

export type VersionState = { datanetId: string; version: string; fact: Fact; memberIds: string[] };

export type DatanetState = {
  id: string;
  fact: Fact;
  curators: Set<string>;
  curatorChanges: Fact[];
  contributionIds: string[];
  versions: VersionState[];
};

export type RunState = { id: string; modelId: string; fact: Fact; versions: { datanetId: string; version: string }[] };

export type InferenceState = {
  id: string;
  fact: Fact;
  attribution: Fact | undefined;
  rewards: Fact[];
  fees: Fact | undefined;
  challenges: Fact[];
};

export type ModelState = { id: string; fact: Fact; statusChanges: Fact[]; runs: RunState[]; adapters: Fact[] };

export type Ledger = {
  datanets: Map<string, DatanetState>;
  contributions: Map<string, ContributionState>;
  models: Map<string, ModelState>;
  runs: Map<string, RunState>;
  inferences: Map<string, InferenceState>;
  /** Rewards whose inference is not among the facts (an account's earnings). */
  rewards: Fact[];
  parameterChanges: Fact[];
};

const MODEL_STATUS_NAMES = ["draft", "published", "deprecated"];

export function modelStatusName(code: string): string {
  return MODEL_STATUS_NAMES[Number(code)] ?? `unknown(${code})`;
}

function applyDatanetFact(ledger: Ledger, fact: Fact): void {
  const datanetId = argText(fact, "datanetId");
  const datanet = ledger.datanets.get(datanetId);
  switch (fact.event) {
    case "DatanetCreated":
      ledger.datanets.set(datanetId, { id: datanetId, fact, curators: new Set(), curatorChanges: [], contributionIds: [], versions: [] });
      return;
    case "CuratorAdded":
    case "CuratorRemoved":
      if (!datanet) return;
      datanet.curatorChanges.push(fact);
      if (fact.event === "CuratorAdded") datanet.curators.add(argText(fact, "curator"));
      else datanet.curators.delete(argText(fact, "curator"));
      return;
    case "ContributionSubmitted": {
      const id = argText(fact, "contributionId");
      ledger.contributions.set(id, {
        id,
        datanetId,
        contributor: argText(fact, "contributor"),
        contentHash: argText(fact, "contentHash"),
        size: argText(fact, "size"),
        uri: argText(fact, "uri"),
        submitted: fact,
        status: "pending",
        review: undefined,
        withdrawal: undefined,
      });
      datanet?.contributionIds.push(id);
      return;
    }
    case "ContributionReviewed": {
      const c = ledger.contributions.get(argText(fact, "contributionId"));
      if (!c) return;
      c.review = fact;
      c.status = argBool(fact, "accepted") ? "accepted" : "rejected";
      return;
    }
    case "ContributionWithdrawn": {
      const c = ledger.contributions.get(argText(fact, "contributionId"));
      if (!c) return;
      c.withdrawal = fact;
      c.status = "withdrawn";
      return;
    }
    case "DatanetVersionPublished": {
      if (!datanet) return;
      // A version holds the contributions accepted and not withdrawn when it was published.
      const memberIds = datanet.contributionIds
        .filter((id) => ledger.contributions.get(id)?.status === "accepted")
        .sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : BigInt(a) > BigInt(b) ? 1 : 0));
      datanet.versions.push({ datanetId, version: argText(fact, "version"), fact, memberIds });
      return;
    }
    default:
      return;
  }
}

function applyModelFact(ledger: Ledger, fact: Fact): void {
  const modelId = argText(fact, "modelId");
  const model = ledger.models.get(modelId);
  switch (fact.event) {
    case "ModelRegistered":
      ledger.models.set(modelId, { id: modelId, fact, statusChanges: [], runs: [], adapters: [] });
      return;
    case "ModelStatusChanged":
      model?.statusChanges.push(fact);
      return;
    case "TrainingRunRecorded": {
      const ids = argList(fact, "datanetIds");
      const versions = argList(fact, "datanetVersions");
      const run: RunState = { id: argText(fact, "runId"), modelId, fact, versions: ids.map((datanetId, i) => ({ datanetId, version: versions[i] ?? "0" })) };
      ledger.runs.set(run.id, run);
      model?.runs.push(run);
      return;
    }
    case "AdapterPublished":
      model?.adapters.push(fact);
      return;
    default:
      return;
  }
}

function applyInferenceFact(ledger: Ledger, fact: Fact): void {
  const inferenceId = argText(fact, "inferenceId");
  if (fact.event === "InferenceRecorded") {
    ledger.inferences.set(inferenceId, { id: inferenceId, fact, attribution: undefined, rewards: [], fees: undefined, challenges: [] });
    return;
  }
  const inference = ledger.inferences.get(inferenceId);
  if (fact.event === "RewardPaid" && !inference) {
    ledger.rewards.push(fact);
    return;
  }
  if (!inference) return;
  if (fact.event === "AttributionRecorded") inference.attribution = fact;
  else if (fact.event === "RewardPaid") inference.rewards.push(fact);
  else if (fact.event === "FeeDistributed") inference.fees = fact;
  else if (fact.event === "ChallengeOpened" || fact.event === "ChallengeResolved") inference.challenges.push(fact);
}

export function buildLedger(facts: readonly Fact[]): Ledger {
  const ledger: Ledger = {
    datanets: new Map(),
    contributions: new Map(),
    models: new Map(),
    runs: new Map(),
    inferences: new Map(),
    rewards: [],
    parameterChanges: [],
  };
  for (const fact of [...facts].sort(compareFacts)) {
    if (fact.contract === "DatanetRegistry") applyDatanetFact(ledger, fact);
    else if (fact.contract === "ModelFactory") applyModelFact(ledger, fact);
    else if (fact.event === "ParameterChanged" || fact.event === "MethodSet" || fact.event === "ResolverSet") ledger.parameterChanges.push(fact);
    else applyInferenceFact(ledger, fact);
  }
  return ledger;
}

export function findVersion(ledger: Ledger, datanetId: string, version: string): VersionState | undefined {
  return ledger.datanets.get(datanetId)?.versions.find((v) => v.version === version);
}

export function evidence(fact: Fact | undefined): Evidence | null {
  return fact ? evidenceOf(fact) : null;
}
