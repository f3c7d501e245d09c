/**
 * The training data of one training run, with what the methods derive from it: the span index
 * (built once per run) and the contributions' embeddings (computed once per model and adapter).
 */
import { featurize } from "../model/featurize.js";
import type { LoraAdapter } from "../model/adapter.js";
import type { ModelSession } from "../model/session.js";
import type { EmbeddedContribution } from "./embedding-similarity.js";
import { SpanIndex } from "./span-matching.js";
import type { TrainingContribution } from "./types.js";

const EMBED_BATCH = 256;

export class TrainingSet {
  readonly contributions: readonly TrainingContribution[];
  private spanIndex: SpanIndex | undefined;
  private readonly embeddings = new Map<string, Promise<EmbeddedContribution[]>>();

  constructor(contributions: readonly TrainingContribution[]) {
    this.contributions = [...contributions].sort((a, b) => (a.contributionId < b.contributionId ? -1 : 1));
  }

  spans(): SpanIndex {
    this.spanIndex ??= new SpanIndex(this.contributions);
    return this.spanIndex;
  }

  /** Embeds every contribution with the model and adapter once; later calls reuse the result. */
  embedded(session: ModelSession, adapterKey: string, adapter: LoraAdapter | undefined): Promise<EmbeddedContribution[]> {
    let cached = this.embeddings.get(adapterKey);
    if (!cached) {
      cached = (async () => {
        const out: EmbeddedContribution[] = [];
        for (let i = 0; i < this.contributions.length; i += EMBED_BATCH) {
          const batch = this.contributions.slice(i, i + EMBED_BATCH);
          const results = await session.run(batch.map((c) => featurize(c.text)), adapter);
          batch.forEach((c, j) => out.push({ contributionId: c.contributionId, embedding: results[j]!.embedding }));
        }
        return out;
      })();
      this.embeddings.set(adapterKey, cached);
      cached.catch(() => this.embeddings.delete(adapterKey));
    }
    return cached;
  }

  get embeddingCacheSize(): number {
    return this.embeddings.size;
  }
}
