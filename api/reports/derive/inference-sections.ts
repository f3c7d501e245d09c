/** The inference report: the inference, its model and run, the attribution trail, fee split, payments, challenges. Pure. */
import { argList, argText, compareFacts } from "../facts.js";
import { evidence, findVersion, modelStatusName, type Ledger, type VersionState } from "./ledger.js";
import { versionProofs, type VersionProofs } from "./proofs.js";
import { challengeRows, sum } from "./rows.js";

export function inferenceSections(ledger: Ledger, inferenceId: string): { sections: Record<string, unknown>; merkleProofs: VersionProofs[] } {
  const inference = ledger.inferences.get(inferenceId);
  if (!inference) return { sections: {}, merkleProofs: [] };
  const f = inference.fact;
  const model = ledger.models.get(argText(f, "modelId"));
  const run = ledger.runs.get(argText(f, "runId"));
  const versions = (run?.versions ?? []).map((v) => findVersion(ledger, v.datanetId, v.version)).filter((v): v is VersionState => v !== undefined);
  const memberOfRun = new Set(versions.flatMap((v) => v.memberIds));
  const ids = inference.attribution ? argList(inference.attribution, "contributionIds") : [];
  const weights = inference.attribution ? argList(inference.attribution, "weightsPpm") : [];
  const attributed = new Set(ids);
  const lastStatus = model ? [...model.statusChanges].sort(compareFacts).pop() : undefined;
  const payments = [...inference.rewards].sort(compareFacts);
  const fees = inference.fees;
  const split = fees
    ? {
        modelOwner: argText(fees, "modelOwner"),
        protocolAmount: argText(fees, "protocolAmount"),
        modelOwnerAmount: argText(fees, "modelOwnerAmount"),
        contributorsAmount: argText(fees, "contributorsAmount"),
        sumsToFee: BigInt(sum([argText(fees, "protocolAmount"), argText(fees, "modelOwnerAmount"), argText(fees, "contributorsAmount")])) === BigInt(argText(f, "fee")),
        evidence: evidence(fees),
      }
    : null;
  return {
    sections: {
      inference: {
        inferenceId,
        modelId: argText(f, "modelId"),
        adapterId: argText(f, "adapterId"),
        runId: argText(f, "runId"),
        caller: argText(f, "caller"),
        inputHash: argText(f, "inputHash"),
        outputHash: argText(f, "outputHash"),
        fee: argText(f, "fee"),
        recorded: evidence(f),
      },
      model: model
        ? { modelId: model.id, name: argText(model.fact, "name"), owner: argText(model.fact, "owner"), status: lastStatus ? modelStatusName(argText(lastStatus, "newStatus")) : "draft", registered: evidence(model.fact) }
        : null,
      run: run ? { runId: run.id, datasets: run.versions.map((v) => `${v.datanetId}-${v.version}`), weightsHash: argText(run.fact, "weightsHash"), recorded: evidence(run.fact) } : null,
      attribution: inference.attribution
        ? {
            methodId: argText(inference.attribution, "methodId"),
            totalWeightPpm: sum(weights),
            recorded: evidence(inference.attribution),
            shares: ids.map((id, position) => {
              const c = ledger.contributions.get(id);
              return {
                position,
                contributionId: id,
                weightPpm: weights[position] ?? "0",
                datanetId: c?.datanetId ?? null,
                contributor: c?.contributor ?? null,
                statusAsOf: c?.status ?? "unknown",
                inTrainingData: memberOfRun.has(id),
              };
            }),
          }
        : null,
      feeSplit: split,
      payments: payments.map((r) => ({ contributionId: argText(r, "contributionId"), contributor: argText(r, "contributor"), amount: argText(r, "amount"), evidence: evidence(r) })),
      paymentsTotal: sum(payments.map((r) => argText(r, "amount"))),
      paymentsMatchContributorsAmount: split ? BigInt(sum(payments.map((r) => argText(r, "amount")))) === BigInt(split.contributorsAmount) : null,
      challenges: challengeRows([inference]),
    },
    merkleProofs: versionProofs(ledger, versions, (id) => attributed.has(id)),
  };
}
