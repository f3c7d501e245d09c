import { ModelDocumentError } from "./errors.js";
/**
 * The bytes of inference inputs and outputs as stored in the artifact store and hashed on
 * chain. Both are canonical JSON, so the same values always give the same hash.
 */
export type InferenceInput = { prompt: string; shape: number[]; features: Float32Array };
export type InferenceOutput = {
  text: string;
  embedding: Float32Array;
  topScores: Float32Array;
  topIndices: number[];
};

export function encodeInput(input: InferenceInput): Uint8Array {
  const doc = {
    format: "tensor-f32-v1",
    prompt: input.prompt,
    shape: input.shape,
    data: Buffer.from(input.features.buffer, input.features.byteOffset, input.features.byteLength).toString("base64"),
  };
  return new TextEncoder().encode(JSON.stringify(doc));
}

/** Throws SyntaxError or RangeError on bytes that are not an input document. */
export function decodeInput(bytes: Uint8Array): InferenceInput {
  const doc = JSON.parse(new TextDecoder().decode(bytes)) as { format?: string; prompt?: string; shape?: number[]; data?: string };
  if (doc.format !== "tensor-f32-v1" || typeof doc.data !== "string" || !Array.isArray(doc.shape)) {
    throw new ModelDocumentError("not a tensor-f32-v1 input document");
  }
  const raw = Buffer.from(doc.data, "base64");
  if (raw.byteLength % 4 !== 0) throw new ModelDocumentError("input tensor bytes are not a whole number of float32 values");
  const features = new Float32Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength));
  const count = doc.shape.reduce((a, b) => a * b, 1);
  if (count !== features.length) {
    throw new ModelDocumentError(`input shape [${doc.shape.join(", ")}] holds ${count} values but the tensor has ${features.length}`);
  }
  return { prompt: doc.prompt ?? "", shape: doc.shape, features };
}

export function encodeOutput(output: InferenceOutput): Uint8Array {
  const doc = {
    format: "inference-output-v1",
    text: output.text,
    topIndices: output.topIndices,
    topScores: Array.from(output.topScores),
    embedding: Array.from(output.embedding),
  };
  return new TextEncoder().encode(JSON.stringify(doc));
}

export function decodeOutput(bytes: Uint8Array): InferenceOutput {
  const doc = JSON.parse(new TextDecoder().decode(bytes)) as {
    format?: string;
    text?: string;
    topIndices?: number[];
    topScores?: number[];
    embedding?: number[];
  };
  if (doc.format !== "inference-output-v1" || !Array.isArray(doc.embedding) || typeof doc.text !== "string") {
    throw new ModelDocumentError("not an inference-output-v1 document");
  }
  return {
    text: doc.text,
    topIndices: doc.topIndices ?? [],
    topScores: Float32Array.from(doc.topScores ?? []),
    embedding: Float32Array.from(doc.embedding),
  };
}
