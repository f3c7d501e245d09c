/**
 * "Training" for the reference runtime: weights drawn from the run's seed, and the training
 * contributions memorised as chunks (their text and their embedding). Deterministic: the same
 * seed and training set always give the same ONNX bytes and so the same weights hash.
 */
import { SeededRandom } from "../core/random.js";
import { featurize } from "./featurize.js";
import { encodeModelOnnx } from "./onnx-graph.js";
import { MODEL_SPEC } from "./spec.js";
import { ModelShapeError } from "./errors.js";

export type TrainingExample = { contributionId: bigint; text: string };

export type TrainModelParameters = {
  seed: string;
  examples: readonly TrainingExample[];
  metadata?: Record<string, string>;
};

export type TrainedModel = { onnx: Uint8Array; chunkContributionIds: bigint[] };

/** tanh(x·W1 + b1) then L2 normalisation: the graph's embedding with no adapter. */
export function embedWithoutAdapter(features: Float32Array, w1: Float32Array, b1: Float32Array): Float32Array {
  const { featureDim: D, hiddenDim: H } = MODEL_SPEC;
  const out = new Float32Array(H);
  for (let j = 0; j < H; j++) {
    let s = b1[j]!;
    for (let i = 0; i < D; i++) s += features[i]! * w1[i * H + j]!;
    out[j] = Math.tanh(s);
  }
  let norm = 0;
  for (const v of out) norm += v * v;
  norm = Math.sqrt(norm) || 1;
  for (let j = 0; j < H; j++) out[j]! /= norm;
  return out;
}

export function chunkBytesOf(text: string): Int32Array {
  const bytes = new TextEncoder().encode(text);
  const out = new Int32Array(MODEL_SPEC.chunkBytes);
  // Cut on a character boundary so that decoded chunks are valid UTF-8.
  let end = Math.min(bytes.length, MODEL_SPEC.chunkBytes);
  while (end > 0 && end < bytes.length && (bytes[end]! & 0xc0) === 0x80) end--;
  for (let i = 0; i < end; i++) out[i] = bytes[i]!;
  return out;
}

export function trainModel({ seed, examples, metadata = {} }: TrainModelParameters): TrainedModel {
  if (examples.length === 0) throw new ModelShapeError("a model needs at least one training example");
  const { featureDim: D, hiddenDim: H, chunkBytes: T } = MODEL_SPEC;
  const random = new SeededRandom(`weights:${seed}`);
  const w1 = new Float32Array(D * H);
  for (let i = 0; i < w1.length; i++) w1[i] = random.normal() * (3 / Math.sqrt(D));
  const b1 = new Float32Array(H);
  for (let i = 0; i < H; i++) b1[i] = random.normal() * 0.01;

  const ordered = [...examples].sort((a, b) => (a.contributionId < b.contributionId ? -1 : a.contributionId > b.contributionId ? 1 : 0));
  const K = ordered.length;
  const chunkEmbeddingsT = new Float32Array(H * K);
  const chunkTokens = new Int32Array(K * T);
  ordered.forEach((example, k) => {
    const e = embedWithoutAdapter(featurize(example.text), w1, b1);
    for (let j = 0; j < H; j++) chunkEmbeddingsT[j * K + k] = e[j]!;
    chunkTokens.set(chunkBytesOf(example.text), k * T);
  });

  const onnx = encodeModelOnnx({
    w1,
    b1,
    chunkEmbeddingsT,
    chunkTokens,
    chunkCount: K,
    metadata: { ...metadata, seed, chunk_contribution_ids: ordered.map((e) => e.contributionId.toString()).join(",") },
  });
  return { onnx, chunkContributionIds: ordered.map((e) => e.contributionId) };
}
