/**
 * The shape of every model the protocol's reference runtime trains and serves: a featurizer,
 * a tanh layer with an optional OpenLoRA delta, an L2-normalised embedding, and a retrieval
 * head that returns the two training chunks nearest to the query as output text.
 */
export const MODEL_SPEC = {
  /** Hashed unigram + bigram features. */
  featureDim: 256,
  hiddenDim: 64,
  loraRank: 4,
  /** Bytes of a training contribution kept as its memorised chunk. */
  chunkBytes: 96,
  topK: 2,
  opset: 17,
  irVersion: 8,
} as const;

export const MODEL_INPUTS = { features: "features", loraA: "lora_a", loraB: "lora_b" } as const;
export const MODEL_OUTPUTS = {
  embedding: "embedding",
  topScores: "top_scores",
  topIndices: "top_indices",
  tokens: "tokens",
} as const;
