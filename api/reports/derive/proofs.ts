/** The Merkle proofs a report carries: for each cited version, its listed contributions. Pure. */
import { argText } from "../facts.js";
import { merkleLevels, merkleProof, rootOfLevels } from "../merkle-proofs.js";
import { evidence, type Ledger, type VersionState } from "./ledger.js";

export type VersionProofs = {
  datanetId: string;
  version: string;
  /** The root DatanetVersionPublished recorded (verify reads it from the contract as well). */
  merkleRoot: string;
  /** The root of the members the events imply; equal to merkleRoot on an honest chain. */
  computedRoot: string;
  rootMatchesMembers: boolean;
  memberCount: number;
  published: ReturnType<typeof evidence>;
  leaves: { contributionId: string; contentHash: string; proof: string[] }[];
};

export function versionProofs(ledger: Ledger, versions: readonly VersionState[], listed?: (contributionId: string) => boolean): VersionProofs[] {
  const out: VersionProofs[] = [];
  const seen = new Set<string>();
  for (const v of versions) {
    const key = `${v.datanetId}-${v.version}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const hashes = v.memberIds.map((id) => ledger.contributions.get(id)?.contentHash ?? "0x");
    const levels = merkleLevels(hashes);
    const computedRoot = rootOfLevels(levels);
    const merkleRoot = argText(v.fact, "merkleRoot");
    const rootMatchesMembers = computedRoot === merkleRoot;
    const leaves: VersionProofs["leaves"] = [];
    if (rootMatchesMembers) {
      v.memberIds.forEach((id, index) => {
        if (listed && !listed(id)) return;
        leaves.push({ contributionId: id, contentHash: hashes[index]!, proof: merkleProof(levels, index) });
      });
    }
    out.push({ datanetId: v.datanetId, version: v.version, merkleRoot, computedRoot, rootMatchesMembers, memberCount: v.memberIds.length, published: evidence(v.fact), leaves });
  }
  return out.sort((a, b) => Number(BigInt(a.datanetId) - BigInt(b.datanetId)) || Number(a.version) - Number(b.version));
}
