/**
 * The model report's sections, in the order of the EU AI Office's training-content summary
 * template (July 2025): general information, data sources, data processing, then appendices
 * (attribution and rewards, challenges, attribution-parameter changes). Pure over the ledger.
 */
import { argText, compareFacts } from "../facts.js";
import { evidence, findVersion, modelStatusName, type Ledger, type ModelState, type VersionState } from "./ledger.js";
import { versionProofs, type VersionProofs } from "./proofs.js";
import {
  attributionTotals,
  byBigIntText,
  challengeRows,
  contributionRow,
  curatorRows,
  feeTotals,
  parameterChangeRows,
  ppm,
  sum,
  versionRow,
  versionsByContribution,
} from "./rows.js";

function usedVersions(ledger: Ledger, model: ModelState): VersionState[] {
  const out: VersionState[] = [];
  for (const run of model.runs) {
    for (const { datanetId, version } of run.versions) {
      const v = findVersion(ledger, datanetId, version);
      if (v && !out.includes(v)) out.push(v);
    }
  }
  return out;
}

function generalInformation(ledger: Ledger, model: ModelState, members: string[]) {
  const statusChanges = [...model.statusChanges].sort(compareFacts);
  const last = statusChanges[statusChanges.length - 1];
  const contributions = members.map((id) => ledger.contributions.get(id)!).filter(Boolean);
  const latest = contributions.map((c) => c.submitted).sort(compareFacts).pop();
  return {
    modelId: model.id,
    name: argText(model.fact, "name"),
    baseModel: argText(model.fact, "baseModel"),
    owner: argText(model.fact, "owner"),
    metadataURI: argText(model.fact, "metadataURI"),
    status: last ? modelStatusName(argText(last, "newStatus")) : "draft",
    registered: evidence(model.fact),
    statusHistory: statusChanges.map((f) => ({ from: modelStatusName(argText(f, "previousStatus")), to: modelStatusName(argText(f, "newStatus")), evidence: evidence(f) })),
    runs: model.runs.map((r) => ({
      runId: r.id,
      datasets: r.versions.map((v) => `${v.datanetId}-${v.version}`),
      weightsHash: argText(r.fact, "weightsHash"),
      configHash: argText(r.fact, "configHash"),
      uri: argText(r.fact, "uri"),
      recorded: evidence(r.fact),
    })),
    adapters: model.adapters.map((f) => ({ adapterId: argText(f, "adapterId"), runId: argText(f, "runId"), adapterHash: argText(f, "adapterHash"), name: argText(f, "name"), published: evidence(f) })),
    /** Not recorded on chain: must be attested by the provider. */
    modalities: null,
    trainingData: {
      contributions: contributions.length,
      bytes: sum(contributions.map((c) => c.size)),
      contributors: new Set(contributions.map((c) => c.contributor)).size,
      latestContributionTime: latest?.time ?? null,
      latestContribution: evidence(latest),
    },
  };
}

function dataSources(ledger: Ledger, model: ModelState, versions: VersionState[], totalMembers: number, totalBytes: bigint) {
  return versions.map((v) => {
    const row = versionRow(ledger, v);
    return {
      ...row,
      curators: curatorRows(ledger, v.datanetId).current,
      shareOfContributionsPpm: ppm(BigInt(row.memberCount), BigInt(totalMembers)),
      shareOfBytesPpm: ppm(BigInt(row.bytes), totalBytes),
      runs: model.runs.filter((r) => r.versions.some((x) => x.datanetId === v.datanetId && x.version === v.version)).map((r) => r.id),
    };
  });
}

function dataProcessing(ledger: Ledger, model: ModelState, versions: VersionState[]) {
  const datanetIds = new Set(versions.map((v) => v.datanetId));
  const inDatanets = [...ledger.contributions.values()].filter((c) => datanetIds.has(c.datanetId)).sort((a, b) => byBigIntText(a.id, b.id));
  const reviewed = inDatanets.filter((c) => c.review);
  const withdrawnBefore: Record<string, unknown>[] = [];
  const withdrawnAfter: Record<string, unknown>[] = [];
  for (const run of model.runs) {
    for (const { datanetId, version } of run.versions) {
      for (const id of findVersion(ledger, datanetId, version)?.memberIds ?? []) {
        const c = ledger.contributions.get(id);
        if (!c?.withdrawal) continue;
        const row = { runId: run.id, contributionId: id, datanetId, version, contributor: c.contributor, withdrawn: evidence(c.withdrawal), trained: evidence(run.fact) };
        (compareFacts(c.withdrawal, run.fact) < 0 ? withdrawnBefore : withdrawnAfter).push(row);
      }
    }
  }
  return {
    reviewed: reviewed.length,
    accepted: reviewed.filter((c) => c.review?.args.accepted === true).length,
    rejected: reviewed.filter((c) => c.review?.args.accepted === false).length,
    pending: inDatanets.filter((c) => c.status === "pending").length,
    rejections: reviewed
      .filter((c) => c.review?.args.accepted === false)
      .map((c) => ({ contributionId: c.id, datanetId: c.datanetId, contributor: c.contributor, curator: argText(c.review!, "curator"), reason: argText(c.review!, "reason"), evidence: evidence(c.review) })),
    withdrawnBeforeTraining: withdrawnBefore,
    withdrawnAfterTraining: withdrawnAfter,
    trainedOnWithdrawnData: withdrawnBefore.length + withdrawnAfter.length > 0,
  };
}

export function modelSections(ledger: Ledger, modelId: string): { sections: Record<string, unknown>; merkleProofs: VersionProofs[] } {
  const model = ledger.models.get(modelId);
  if (!model) return { sections: {}, merkleProofs: [] };
  const versions = usedVersions(ledger, model);
  const members = [...new Set(versions.flatMap((v) => v.memberIds))].sort(byBigIntText);
  const totalBytes = BigInt(sum(members.map((id) => ledger.contributions.get(id)?.size ?? "0")));
  const memberVersions = versionsByContribution(versions);
  const inferences = [...ledger.inferences.values()].filter((i) => argText(i.fact, "modelId") === modelId);
  const totals = attributionTotals(ledger, inferences);
  return {
    sections: {
      generalInformation: generalInformation(ledger, model, members),
      dataSources: dataSources(ledger, model, versions, members.length, totalBytes),
      dataProcessing: dataProcessing(ledger, model, versions),
      trainingContributions: members.map((id) => contributionRow(ledger.contributions.get(id)!, memberVersions.get(id))),
      appendices: {
        fees: feeTotals(inferences),
        attributionByContributor: totals.byContributor,
        attributionByDatanet: totals.byDatanet,
        challenges: challengeRows(inferences),
        attributionParameterChanges: parameterChangeRows(ledger, BigInt(model.fact.block)),
      },
    },
    merkleProofs: versionProofs(ledger, versions),
  };
}
