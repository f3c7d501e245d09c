/**
 * onnxruntime sessions, one per model weights hash, loaded from the artifact store (hash
 * re-checked) and kept in an LRU bounded by bytes: a verifier serving many models keeps the
 * hot ones loaded without growing without bound.
 */
import type { ArtifactStore } from "../../artifacts/store.js";
import { ModelSession, type ExecutionProvider } from "../../model/session.js";
import { ArtifactUnusableError, readArtifact } from "../verify/artifact-failure.js";
import { CostLru } from "./lru.js";

// A loaded session holds the initializers plus onnxruntime's own copies and arenas.
const RESIDENT_BYTES_PER_MODEL_BYTE = 3;

export class SessionCache {
  private readonly lru: CostLru<string, Promise<ModelSession>>;
  loads = 0;

  constructor(
    private readonly store: ArtifactStore,
    readonly executionProvider: ExecutionProvider,
    maxBytes: number,
  ) {
    this.lru = new CostLru(maxBytes, (session) => {
      void session.then((s) => s.release()).catch(() => {});
    });
  }

  /** Throws ArtifactMissingError, ArtifactCorruptError, or ArtifactUnusableError (not a model). */
  async get(weightsHash: string): Promise<ModelSession> {
    const key = weightsHash.toLowerCase();
    const cached = this.lru.get(key);
    if (cached) return cached;
    const bytes = await this.store.get(key);
    const loading = readArtifact(() => ModelSession.load(bytes, this.executionProvider)).catch((error) => {
      this.lru.delete(key);
      throw error instanceof ArtifactUnusableError ? error : new ArtifactUnusableError("UNPARSABLE", String(error));
    });
    this.loads++;
    this.lru.set(key, loading, bytes.byteLength * RESIDENT_BYTES_PER_MODEL_BYTE);
    return loading;
  }

  get size(): number {
    return this.lru.size;
  }

  get residentBytes(): number {
    return this.lru.cost;
  }

  clear(): void {
    this.lru.clear();
  }
}
