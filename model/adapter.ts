/**
 * OpenLoRA adapters: a rank-r delta A·B on the first layer, fed to the graph as inputs so that
 * one ONNX session serves the base model and all its adapters.
 */
import { SeededRandom } from "../core/random.js";
import { MODEL_SPEC } from "./spec.js";
import { ModelDocumentError } from "./errors.js";

export type LoraAdapter = { a: Float32Array; b: Float32Array };

export function zeroAdapter(): LoraAdapter {
  return {
    a: new Float32Array(MODEL_SPEC.featureDim * MODEL_SPEC.loraRank),
    b: new Float32Array(MODEL_SPEC.loraRank * MODEL_SPEC.hiddenDim),
  };
}

export function trainAdapter(seed: string): LoraAdapter {
  const random = new SeededRandom(`adapter:${seed}`);
  const adapter = zeroAdapter();
  for (let i = 0; i < adapter.a.length; i++) adapter.a[i] = random.normal() * 0.2;
  for (let i = 0; i < adapter.b.length; i++) adapter.b[i] = random.normal() * 0.2;
  return adapter;
}

function toBase64(values: Float32Array): string {
  return Buffer.from(values.buffer, values.byteOffset, values.byteLength).toString("base64");
}

function fromBase64(text: string, expected: number, what: string): Float32Array {
  const bytes = Buffer.from(text, "base64");
  if (bytes.byteLength !== expected * 4) {
    throw new ModelDocumentError(`${what} has ${bytes.byteLength / 4} values, expected ${expected}`);
  }
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}

export function encodeAdapter(adapter: LoraAdapter): Uint8Array {
  const doc = { format: "openlora-v1", rank: MODEL_SPEC.loraRank, a: toBase64(adapter.a), b: toBase64(adapter.b) };
  return new TextEncoder().encode(JSON.stringify(doc));
}

/** Throws RangeError or SyntaxError on a malformed document. */
export function decodeAdapter(bytes: Uint8Array): LoraAdapter {
  const doc = JSON.parse(new TextDecoder().decode(bytes)) as { format?: string; a?: string; b?: string };
  if (doc.format !== "openlora-v1" || typeof doc.a !== "string" || typeof doc.b !== "string") {
    throw new ModelDocumentError("not an openlora-v1 adapter document");
  }
  return {
    a: fromBase64(doc.a, MODEL_SPEC.featureDim * MODEL_SPEC.loraRank, "lora A"),
    b: fromBase64(doc.b, MODEL_SPEC.loraRank * MODEL_SPEC.hiddenDim, "lora B"),
  };
}
