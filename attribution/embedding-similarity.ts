/**
 * Method 1, embedding similarity (representer-style): the query and every eligible training
 * contribution are embedded by the same model and adapter; the weights are the top-k positive
 * cosine similarities, normalised to ppm. Deterministic given the model.
 */
import { normalizeToPpm } from "./normalize-ppm.js";
import { PPM, type Attribution } from "./types.js";

export const EMBEDDING_SIMILARITY_TOP_K = 5;

export type EmbeddedContribution = { contributionId: bigint; embedding: Float32Array };

function dot(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

export function attributeByEmbeddingSimilarity(
  query: Float32Array,
  candidates: readonly EmbeddedContribution[],
  topK: number = EMBEDDING_SIMILARITY_TOP_K,
): Attribution {
  if (candidates.length === 0) return { contributionIds: [], weightsPpm: [] };
  const ranked = candidates
    .map((c) => ({ id: c.contributionId, similarity: dot(query, c.embedding) }))
    .sort((a, b) => b.similarity - a.similarity || (a.id < b.id ? -1 : 1));
  const positive = ranked.slice(0, topK).filter((r) => r.similarity > 0);
  // With nothing similar at all, the nearest contribution takes the whole weight rather than
  // leaving the inference unattributed.
  if (positive.length === 0) return { contributionIds: [ranked[0]!.id], weightsPpm: [PPM] };
  return normalizeToPpm(new Map(positive.map((r) => [r.id, r.similarity])));
}
