/** The datanet report: the datanet, its curators, contributions, versions, who trained on it, rewards. Pure. */
import { argText } from "../facts.js";
import { evidence, type Ledger } from "./ledger.js";
import { versionProofs, type VersionProofs } from "./proofs.js";
import { byBigIntText, contributionRow, curatorRows, sum, versionRow, versionsByContribution } from "./rows.js";

export function datanetSections(ledger: Ledger, datanetId: string): { sections: Record<string, unknown>; merkleProofs: VersionProofs[] } {
  const d = ledger.datanets.get(datanetId);
  if (!d) return { sections: {}, merkleProofs: [] };
  const contributions = d.contributionIds.map((id) => ledger.contributions.get(id)!).sort((a, b) => byBigIntText(a.id, b.id));
  const memberVersions = versionsByContribution(d.versions);
  const count = (status: string) => contributions.filter((c) => c.status === status).length;
  const ids = new Set(d.contributionIds);
  const rewards = [...ledger.rewards, ...[...ledger.inferences.values()].flatMap((i) => i.rewards)].filter((r) => ids.has(argText(r, "contributionId")));
  const byContributor = new Map<string, bigint>();
  for (const r of rewards) byContributor.set(argText(r, "contributor"), (byContributor.get(argText(r, "contributor")) ?? 0n) + BigInt(argText(r, "amount")));
  return {
    sections: {
      generalInformation: {
        datanetId,
        name: argText(d.fact, "name"),
        owner: argText(d.fact, "owner"),
        category: argText(d.fact, "category"),
        licence: argText(d.fact, "licence"),
        metadataURI: argText(d.fact, "metadataURI"),
        created: evidence(d.fact),
        curators: curatorRows(ledger, datanetId),
        counts: {
          contributions: contributions.length,
          pending: count("pending"),
          accepted: count("accepted"),
          rejected: count("rejected"),
          withdrawn: count("withdrawn"),
          contributors: new Set(contributions.map((c) => c.contributor)).size,
          bytes: sum(contributions.map((c) => c.size)),
        },
      },
      versions: d.versions.map((v) => ({
        ...versionRow(ledger, v),
        trainingRuns: [...ledger.runs.values()].filter((r) => r.versions.some((x) => x.datanetId === datanetId && x.version === v.version)).map((r) => ({ runId: r.id, modelId: r.modelId, recorded: evidence(r.fact) })),
      })),
      contributions: contributions.map((c) => contributionRow(c, memberVersions.get(c.id))),
      rewardsByContributor: [...byContributor.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([contributor, total]) => ({ contributor, rewardsTotal: total.toString() })),
      rewardsTotal: sum(rewards.map((r) => argText(r, "amount"))),
    },
    merkleProofs: versionProofs(ledger, d.versions),
  };
}
