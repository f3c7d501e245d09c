/** Row builders shared by every report kind: contributions, versions, challenges, parameters. Pure. */
import { hexToString, type Hex } from "viem";
import { argBool, argText, compareFacts, type Fact } from "../facts.js";
import { evidence, type ContributionState, type InferenceState, type Ledger, type VersionState } from "./ledger.js";

export const byBigIntText = (a: string, b: string): number => (BigInt(a) < BigInt(b) ? -1 : BigInt(a) > BigInt(b) ? 1 : 0);

export function sum(values: Iterable<string>): string {
  let total = 0n;
  for (const v of values) total += BigInt(v);
  return total.toString();
}

/** part / whole in parts per million, rounded down; "0" when the whole is zero. */
export function ppm(part: bigint, whole: bigint): string {
  return whole === 0n ? "0" : ((part * 1_000_000n) / whole).toString();
}

export function contributionRow(c: ContributionState, versionIds: readonly string[] = []) {
  return {
    contributionId: c.id,
    datanetId: c.datanetId,
    contributor: c.contributor,
    contentHash: c.contentHash,
    size: c.size,
    uri: c.uri,
    status: c.status,
    reviewReason: c.review ? argText(c.review, "reason") : null,
    reviewer: c.review ? argText(c.review, "curator") : null,
    versions: [...versionIds],
    submitted: evidence(c.submitted),
    reviewed: evidence(c.review),
    withdrawn: evidence(c.withdrawal),
  };
}

/** Which versions (as "datanet-version") each contribution belongs to. */
export function versionsByContribution(versions: readonly VersionState[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const v of versions) {
    for (const id of v.memberIds) {
      const list = out.get(id) ?? [];
      list.push(`${v.datanetId}-${v.version}`);
      out.set(id, list);
    }
  }
  return out;
}

export function curatorRows(ledger: Ledger, datanetId: string) {
  const d = ledger.datanets.get(datanetId);
  return {
    current: d ? [...d.curators].sort() : [],
    history: (d?.curatorChanges ?? []).map((f) => ({ curator: argText(f, "curator"), added: f.event === "CuratorAdded", evidence: evidence(f) })),
  };
}

export function challengeRows(inferences: Iterable<InferenceState>) {
  const rows = new Map<string, Record<string, unknown>>();
  const ordered = [...inferences].flatMap((i) => i.challenges).sort(compareFacts);
  for (const f of ordered) {
    const id = argText(f, "challengeId");
    if (f.event === "ChallengeOpened") {
      rows.set(id, {
        challengeId: id,
        inferenceId: argText(f, "inferenceId"),
        challenger: argText(f, "challenger"),
        bond: argText(f, "bond"),
        reason: argText(f, "reason"),
        opened: evidence(f),
        resolved: false,
        upheld: null,
        resolver: null,
        note: null,
        resolvedAt: null,
      });
    } else {
      const row = rows.get(id);
      if (row) Object.assign(row, { resolved: true, upheld: argBool(f, "upheld"), resolver: argText(f, "resolver"), note: argText(f, "note"), resolvedAt: evidence(f) });
    }
  }
  return [...rows.values()];
}

function parameterKeyText(key: string): string {
  try {
    const text = hexToString(key as Hex).replace(/\0+$/, "");
    return /^[\x20-\x7e]+$/.test(text) ? text : key;
  } catch {
    return key;
  }
}

/** Attribution parameter changes from `fromBlock` to the report's block. */
export function parameterChangeRows(ledger: Ledger, fromBlock: bigint) {
  return ledger.parameterChanges
    .filter((f) => BigInt(f.block) >= fromBlock)
    .map((f) => {
      if (f.event === "MethodSet") return { parameter: `methodEnabled:${argText(f, "methodId")}`, previousValue: null, newValue: argBool(f, "enabled") ? "1" : "0", evidence: evidence(f) };
      if (f.event === "ResolverSet") return { parameter: `isResolver:${argText(f, "resolver")}`, previousValue: null, newValue: argBool(f, "enabled") ? "1" : "0", evidence: evidence(f) };
      return { parameter: parameterKeyText(argText(f, "key")), previousValue: argText(f, "previousValue"), newValue: argText(f, "newValue"), evidence: evidence(f) };
    });
}

export function versionRow(ledger: Ledger, v: VersionState) {
  const members = v.memberIds.map((id) => ledger.contributions.get(id)).filter((c): c is ContributionState => c !== undefined);
  const datanet = ledger.datanets.get(v.datanetId);
  return {
    datanetId: v.datanetId,
    version: v.version,
    name: datanet ? argText(datanet.fact, "name") : null,
    licence: datanet ? argText(datanet.fact, "licence") : null,
    category: datanet ? argText(datanet.fact, "category") : null,
    merkleRoot: argText(v.fact, "merkleRoot"),
    contributionCount: argText(v.fact, "contributionCount"),
    manifestURI: argText(v.fact, "manifestURI"),
    memberCount: members.length,
    contributorCount: new Set(members.map((c) => c.contributor)).size,
    bytes: sum(members.map((c) => c.size)),
    published: evidence(v.fact),
  };
}

export type AttributionTotals = { attributions: number; contributions: Set<string>; weightPpm: bigint; rewards: bigint; rewardCount: number };

/** Attribution weight and rewards per contributor and per datanet over some inferences. */
export function attributionTotals(ledger: Ledger, inferences: Iterable<InferenceState>) {
  const byContributor = new Map<string, AttributionTotals>();
  const byDatanet = new Map<string, AttributionTotals>();
  const bucket = (map: Map<string, AttributionTotals>, key: string) => {
    let t = map.get(key);
    if (!t) map.set(key, (t = { attributions: 0, contributions: new Set(), weightPpm: 0n, rewards: 0n, rewardCount: 0 }));
    return t;
  };
  for (const inference of inferences) {
    const ids = inference.attribution?.args.contributionIds;
    const weights = inference.attribution?.args.weightsPpm;
    if (Array.isArray(ids) && Array.isArray(weights)) {
      ids.forEach((id, i) => {
        const c = ledger.contributions.get(String(id));
        for (const t of [bucket(byContributor, c?.contributor ?? "unknown"), bucket(byDatanet, c?.datanetId ?? "unknown")]) {
          t.attributions += 1;
          t.contributions.add(String(id));
          t.weightPpm += BigInt(String(weights[i] ?? "0"));
        }
      });
    }
    for (const r of inference.rewards) {
      const c = ledger.contributions.get(argText(r, "contributionId"));
      for (const t of [bucket(byContributor, argText(r, "contributor")), bucket(byDatanet, c?.datanetId ?? "unknown")]) {
        t.rewards += BigInt(argText(r, "amount"));
        t.rewardCount += 1;
      }
    }
  }
  const rows = (map: Map<string, AttributionTotals>, key: string) =>
    [...map.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([id, t]) => ({
        [key]: id,
        attributions: t.attributions,
        contributionsAttributed: t.contributions.size,
        weightPpmTotal: t.weightPpm.toString(),
        rewardsTotal: t.rewards.toString(),
        rewardCount: t.rewardCount,
      }));
  return { byContributor: rows(byContributor, "contributor"), byDatanet: rows(byDatanet, "datanetId") };
}

export function feeTotals(inferences: readonly InferenceState[]) {
  return {
    inferences: inferences.length,
    feesTotal: sum(inferences.map((i) => argText(i.fact, "fee"))),
    protocolTotal: sum(inferences.flatMap((i) => (i.fees ? [argText(i.fees, "protocolAmount")] : []))),
    modelOwnerTotal: sum(inferences.flatMap((i) => (i.fees ? [argText(i.fees, "modelOwnerAmount")] : []))),
    contributorsTotal: sum(inferences.flatMap((i) => (i.fees ? [argText(i.fees, "contributorsAmount")] : []))),
    rewardsPaidTotal: sum(inferences.flatMap((i) => i.rewards.map((r) => argText(r, "amount")))),
  };
}

export function factsOfKind(facts: readonly Fact[], event: Fact["event"]): Fact[] {
  return facts.filter((f) => f.event === event);
}
