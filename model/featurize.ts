import { MODEL_SPEC } from "./spec.js";

/** FNV-1a, 32 bit: a stable hash for feature bucketing. */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export function tokenize(text: string): string[] {
  return text.toLowerCase().split(/[^a-z0-9]+/).filter((t) => t.length > 0);
}

/**
 * Signed feature hashing of unigrams and bigrams into `dim` buckets, L2-normalised: the
 * model's tokenizer. Pure and deterministic, so a verifier derives the same tensor.
 */
export function featurize(text: string, dim: number = MODEL_SPEC.featureDim): Float32Array {
  const out = new Float32Array(dim);
  const tokens = tokenize(text);
  const add = (feature: string) => {
    const h = fnv1a(feature);
    out[h % dim]! += h & 0x80000000 ? -1 : 1;
  };
  for (let i = 0; i < tokens.length; i++) {
    add(tokens[i]!);
    if (i > 0) add(`${tokens[i - 1]} ${tokens[i]}`);
  }
  let norm = 0;
  for (const v of out) norm += v * v;
  norm = Math.sqrt(norm);
  if (norm > 0) for (let i = 0; i < dim; i++) out[i]! /= norm;
  return out;
}
