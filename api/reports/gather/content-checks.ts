/**
 * Re-hashes the listed contributions' content in the artifact store: "contributions whose
 * content failed its hash". Off chain, so the report marks it as the hub's attestation.
 */
import type { ArtifactStore } from "../../../artifacts/store.js";
import { isHubError } from "../../../core/errors.js";
import type { VersionProofs } from "../derive/proofs.js";
import type { ContentCheck, OffChainFacts } from "../report.js";

export async function checkContents(store: ArtifactStore | undefined, proofs: readonly VersionProofs[]): Promise<OffChainFacts["contentChecks"]> {
  if (!store) return { available: false, note: "no artifact store was configured: content was not re-hashed", failed: [], checked: 0 };
  const leaves = new Map<string, string>();
  for (const v of proofs) for (const leaf of v.leaves) leaves.set(leaf.contributionId, leaf.contentHash);
  const failed: ContentCheck[] = [];
  const ordered = [...leaves.entries()].sort(([a], [b]) => (BigInt(a) < BigInt(b) ? -1 : 1));
  for (const [contributionId, contentHash] of ordered) {
    try {
      await store.get(contentHash);
    } catch (error) {
      const code = isHubError(error) ? error.code : "";
      failed.push({ contributionId, contentHash, result: /CORRUPT/.test(code) ? "corrupt" : "missing" });
    }
  }
  return { available: true, note: "content re-hashed (keccak256) in the artifact store at report time", failed, checked: ordered.length };
}
