/**
 * One onnxruntime-node session over a model's ONNX bytes, running batches of feature rows
 * with an optional OpenLoRA adapter.
 */
import * as ort from "onnxruntime-node";
import { zeroAdapter, type LoraAdapter } from "./adapter.js";
import type { InferenceOutput } from "./io.js";
import { MODEL_INPUTS, MODEL_OUTPUTS, MODEL_SPEC } from "./spec.js";
import { ModelShapeError } from "./errors.js";

export type ExecutionProvider = "cpu" | "cuda";

export class ModelSession {
  private constructor(
    private readonly session: ort.InferenceSession,
    readonly executionProvider: ExecutionProvider,
  ) {}

  /** Throws when the bytes are not a model onnxruntime can load. */
  static async load(onnx: Uint8Array, executionProvider: ExecutionProvider = "cpu"): Promise<ModelSession> {
    const session = await ort.InferenceSession.create(onnx, {
      executionProviders: [executionProvider],
      graphOptimizationLevel: "all",
      intraOpNumThreads: 1,
    });
    return new ModelSession(session, executionProvider);
  }

  /** Runs rows of `featureDim` features; returns one output per row. */
  async run(rows: readonly Float32Array[], adapter: LoraAdapter = zeroAdapter()): Promise<InferenceOutput[]> {
    const D = MODEL_SPEC.featureDim;
    if (rows.length === 0) return [];
    const batch = new Float32Array(rows.length * D);
    rows.forEach((row, i) => {
      if (row.length !== D) throw new ModelShapeError(`row ${i} has ${row.length} features, the model takes ${D}`);
      batch.set(row, i * D);
    });
    const result = await this.session.run({
      [MODEL_INPUTS.features]: new ort.Tensor("float32", batch, [rows.length, D]),
      [MODEL_INPUTS.loraA]: new ort.Tensor("float32", adapter.a, [D, MODEL_SPEC.loraRank]),
      [MODEL_INPUTS.loraB]: new ort.Tensor("float32", adapter.b, [MODEL_SPEC.loraRank, MODEL_SPEC.hiddenDim]),
    });
    const embedding = result[MODEL_OUTPUTS.embedding]!.data as Float32Array;
    const topScores = result[MODEL_OUTPUTS.topScores]!.data as Float32Array;
    const topIndices = result[MODEL_OUTPUTS.topIndices]!.data as BigInt64Array;
    const tokens = result[MODEL_OUTPUTS.tokens]!.data as Int32Array;
    const k = result[MODEL_OUTPUTS.topScores]!.dims[1] as number;
    const H = MODEL_SPEC.hiddenDim;
    const T = MODEL_SPEC.chunkBytes;
    const decoder = new TextDecoder();
    return rows.map((_, i) => {
      const parts: string[] = [];
      for (let c = 0; c < k; c++) {
        const start = (i * k + c) * T;
        const chunk = tokens.subarray(start, start + T);
        let end = chunk.indexOf(0);
        if (end < 0) end = T;
        parts.push(decoder.decode(Uint8Array.from(chunk.subarray(0, end))));
      }
      return {
        text: parts.join(" "),
        embedding: embedding.slice(i * H, (i + 1) * H),
        topScores: topScores.slice(i * k, (i + 1) * k),
        topIndices: Array.from(topIndices.subarray(i * k, (i + 1) * k), Number),
      };
    });
  }

  async release(): Promise<void> {
    await this.session.release();
  }
}
