/**
 * The training data of a run, rebuilt from the chain's record of it: the manifests of the run's
 * datanet versions (Merkle root re-checked against the chain) and every contribution's text, all
 * read from the artifact store by hash. One TrainingSet per run is kept, so its span index and
 * per-adapter embeddings are computed once and reused by every claim on that run.
 */
import type { Hex } from "viem";
import type { ArtifactStore } from "../../artifacts/store.js";
import { merkleRoot } from "../../core/merkle.js";
import { TrainingSet } from "../../attribution/training-set.js";
import type { RunRecord } from "../claims/types.js";
import { ArtifactUnusableError, readArtifact, type ArtifactRole } from "../verify/artifact-failure.js";
import { CostLru } from "./lru.js";
import { InvalidInputError } from "../../core/errors.js";

type Manifest = { format: string; datanetId: string; version: number; contributions: { id: string; contentHash: Hex }[] };

/** Which artifact a failure came from, so the verdict can name it. */
export class TrainingDataError extends Error {
  constructor(
    readonly role: ArtifactRole,
    readonly hash: string,
    override readonly cause: unknown,
  ) {
    super(`${role.toLowerCase()} ${hash}`);
  }
}

function parseManifest(bytes: Uint8Array): Manifest {
  const doc = JSON.parse(new TextDecoder().decode(bytes)) as Manifest;
  if (doc.format !== "datanet-version-v1" || !Array.isArray(doc.contributions)) throw new InvalidInputError("MANIFEST_INVALID", "not a datanet-version-v1 manifest");
  return doc;
}

async function loadTrainingSet(store: ArtifactStore, run: RunRecord): Promise<TrainingSet> {
  const contributions = new Map<bigint, { contributionId: bigint; text: string }>();
  for (const version of run.datanetVersions) {
    const hash = version.manifestHash;
    if (!hash) throw new TrainingDataError("MANIFEST", version.manifestUri, new ArtifactUnusableError("UNPARSABLE", `manifest URI ${version.manifestUri} is not cas://`));
    let manifest: Manifest;
    try {
      manifest = await readArtifact(async () => parseManifest(await store.get(hash)));
      const root = merkleRoot(manifest.contributions.map((c) => c.contentHash));
      if (root.toLowerCase() !== version.merkleRoot.toLowerCase()) {
        throw new ArtifactUnusableError("ROOT_MISMATCH", `manifest root ${root} differs from the on-chain root ${version.merkleRoot}`);
      }
    } catch (error) {
      throw new TrainingDataError("MANIFEST", hash, error);
    }
    for (const c of manifest.contributions) {
      try {
        const text = new TextDecoder().decode(await store.get(c.contentHash));
        contributions.set(BigInt(c.id), { contributionId: BigInt(c.id), text });
      } catch (error) {
        throw new TrainingDataError("CONTRIBUTION", c.contentHash, error);
      }
    }
  }
  return new TrainingSet([...contributions.values()]);
}

export class TrainingSetCache {
  private readonly lru: CostLru<string, Promise<TrainingSet>>;

  constructor(
    private readonly store: ArtifactStore,
    maxRuns: number,
  ) {
    this.lru = new CostLru(maxRuns);
  }

  /** Throws TrainingDataError naming the artifact that failed. */
  get(run: RunRecord): Promise<TrainingSet> {
    const key = `${run.runId}:${run.weightsHash}`;
    const cached = this.lru.get(key);
    if (cached) return cached;
    const loading = loadTrainingSet(this.store, run);
    loading.catch(() => this.lru.delete(key));
    this.lru.set(key, loading, 1);
    return loading;
  }

  clear(): void {
    this.lru.clear();
  }
}
