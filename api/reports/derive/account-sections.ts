/** The account (contributor) report: contributions, earnings, inferences called, what it owns and curates. Pure. */
import { argText, compareFacts } from "../facts.js";
import { evidence, type Ledger } from "./ledger.js";
import { versionProofs, type VersionProofs } from "./proofs.js";
import { byBigIntText, contributionRow, sum, versionsByContribution } from "./rows.js";

export function accountSections(ledger: Ledger, account: string): { sections: Record<string, unknown>; merkleProofs: VersionProofs[] } {
  const address = account.toLowerCase();
  const mine = [...ledger.contributions.values()].filter((c) => c.contributor === address).sort((a, b) => byBigIntText(a.id, b.id));
  const mineIds = new Set(mine.map((c) => c.id));
  const allVersions = [...ledger.datanets.values()].flatMap((d) => d.versions);
  const myVersions = allVersions.filter((v) => v.memberIds.some((id) => mineIds.has(id)));
  const memberVersions = versionsByContribution(myVersions);
  const seen = new Set<string>();
  const rewards = [...ledger.rewards, ...[...ledger.inferences.values()].flatMap((i) => i.rewards)]
    .filter((r) => argText(r, "contributor") === address)
    .filter((r) => !seen.has(`${r.block}:${r.logIndex}`) && seen.add(`${r.block}:${r.logIndex}`) !== undefined)
    .sort(compareFacts);
  const byContribution = new Map<string, { total: bigint; count: number }>();
  for (const r of rewards) {
    const t = byContribution.get(argText(r, "contributionId")) ?? { total: 0n, count: 0 };
    t.total += BigInt(argText(r, "amount"));
    t.count += 1;
    byContribution.set(argText(r, "contributionId"), t);
  }
  const called = [...ledger.inferences.values()].filter((i) => argText(i.fact, "caller") === address);
  return {
    sections: {
      generalInformation: {
        account: address,
        contributions: mine.length,
        accepted: mine.filter((c) => c.status === "accepted").length,
        rejected: mine.filter((c) => c.status === "rejected").length,
        withdrawn: mine.filter((c) => c.status === "withdrawn").length,
        bytes: sum(mine.map((c) => c.size)),
        rewardsTotal: sum(rewards.map((r) => argText(r, "amount"))),
        rewardCount: rewards.length,
        inferencesCalled: called.length,
        feesPaid: sum(called.map((i) => argText(i.fact, "fee"))),
      },
      contributions: mine.map((c) => contributionRow(c, memberVersions.get(c.id))),
      rewardsByContribution: [...byContribution.entries()].sort(([a], [b]) => byBigIntText(a, b)).map(([contributionId, t]) => ({ contributionId, rewardsTotal: t.total.toString(), rewardCount: t.count })),
      inferencesCalled: called.map((i) => ({ inferenceId: i.id, modelId: argText(i.fact, "modelId"), fee: argText(i.fact, "fee"), recorded: evidence(i.fact) })),
      modelsOwned: [...ledger.models.values()].filter((m) => argText(m.fact, "owner") === address).map((m) => ({ modelId: m.id, name: argText(m.fact, "name"), registered: evidence(m.fact) })),
      datanetsOwned: [...ledger.datanets.values()].filter((d) => argText(d.fact, "owner") === address).map((d) => ({ datanetId: d.id, name: argText(d.fact, "name"), created: evidence(d.fact) })),
      curatorOf: [...ledger.datanets.values()].filter((d) => d.curatorChanges.some((f) => argText(f, "curator") === address)).map((d) => ({ datanetId: d.id, active: d.curators.has(address) })),
    },
    merkleProofs: versionProofs(ledger, myVersions, (id) => mineIds.has(id)),
  };
}
