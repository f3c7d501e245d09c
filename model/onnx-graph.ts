/**
 * Encodes the reference model as an ONNX ModelProto (opset 17) with onnx-proto, so models are
 * real ONNX graphs written from TypeScript: no Python, no download.
 */
import onnxProto from "onnx-proto";
import { MODEL_INPUTS, MODEL_OUTPUTS, MODEL_SPEC } from "./spec.js";

const { onnx } = onnxProto;
type Dim = number | string;

export type ModelWeights = {
  /** [featureDim, hiddenDim], row-major. */
  w1: Float32Array;
  /** [hiddenDim]. */
  b1: Float32Array;
  /** [hiddenDim, chunkCount]: the memorised chunks' embeddings, transposed. */
  chunkEmbeddingsT: Float32Array;
  /** [chunkCount, chunkBytes]: the memorised chunks' UTF-8 bytes, zero padded. */
  chunkTokens: Int32Array;
  chunkCount: number;
  metadata: Record<string, string>;
};

function valueInfo(name: string, elemType: number, dims: Dim[]) {
  return onnx.ValueInfoProto.create({
    name,
    type: onnx.TypeProto.create({
      tensorType: onnx.TypeProto.Tensor.create({
        elemType,
        shape: onnx.TensorShapeProto.create({
          dim: dims.map((d) =>
            typeof d === "number"
              ? onnx.TensorShapeProto.Dimension.create({ dimValue: d })
              : onnx.TensorShapeProto.Dimension.create({ dimParam: d }),
          ),
        }),
      }),
    }),
  });
}

function tensor(name: string, dataType: number, dims: number[], data: ArrayBufferView) {
  return onnx.TensorProto.create({
    name,
    dataType,
    dims,
    rawData: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
  });
}

function node(opType: string, inputs: string[], outputs: string[], attributes: onnxProto.onnx.IAttributeProto[] = []) {
  return onnx.NodeProto.create({ opType, input: inputs, output: outputs, name: `${opType}_${outputs[0]}`, attribute: attributes });
}

function intAttribute(name: string, value: number) {
  return onnx.AttributeProto.create({ name, type: onnx.AttributeProto.AttributeType.INT, i: value });
}

export function encodeModelOnnx(weights: ModelWeights): Uint8Array {
  const { featureDim: D, hiddenDim: H, loraRank: R, chunkBytes: T } = MODEL_SPEC;
  const K = weights.chunkCount;
  const k = Math.min(MODEL_SPEC.topK, K);
  const F = onnx.TensorProto.DataType.FLOAT;
  const I32 = onnx.TensorProto.DataType.INT32;
  const I64 = onnx.TensorProto.DataType.INT64;

  const graph = onnx.GraphProto.create({
    name: "provenance_reference_model",
    input: [
      valueInfo(MODEL_INPUTS.features, F, ["batch", D]),
      valueInfo(MODEL_INPUTS.loraA, F, [D, R]),
      valueInfo(MODEL_INPUTS.loraB, F, [R, H]),
    ],
    output: [
      valueInfo(MODEL_OUTPUTS.embedding, F, ["batch", H]),
      valueInfo(MODEL_OUTPUTS.topScores, F, ["batch", k]),
      valueInfo(MODEL_OUTPUTS.topIndices, I64, ["batch", k]),
      valueInfo(MODEL_OUTPUTS.tokens, I32, ["batch", k, T]),
    ],
    initializer: [
      tensor("w1", F, [D, H], weights.w1),
      tensor("b1", F, [H], weights.b1),
      tensor("chunk_embeddings_t", F, [H, K], weights.chunkEmbeddingsT),
      tensor("chunk_tokens", I32, [K, T], weights.chunkTokens),
      tensor("top_k", I64, [1], new BigInt64Array([BigInt(k)])),
    ],
    node: [
      node("MatMul", [MODEL_INPUTS.features, "w1"], ["xw"]),
      node("MatMul", [MODEL_INPUTS.features, MODEL_INPUTS.loraA], ["xa"]),
      node("MatMul", ["xa", MODEL_INPUTS.loraB], ["xab"]),
      node("Add", ["xw", "xab"], ["pre_bias"]),
      node("Add", ["pre_bias", "b1"], ["pre_act"]),
      node("Tanh", ["pre_act"], ["hidden"]),
      node("LpNormalization", ["hidden"], [MODEL_OUTPUTS.embedding], [intAttribute("axis", 1), intAttribute("p", 2)]),
      node("MatMul", [MODEL_OUTPUTS.embedding, "chunk_embeddings_t"], ["scores"]),
      node("TopK", ["scores", "top_k"], [MODEL_OUTPUTS.topScores, MODEL_OUTPUTS.topIndices], [intAttribute("axis", 1)]),
      node("Gather", ["chunk_tokens", MODEL_OUTPUTS.topIndices], [MODEL_OUTPUTS.tokens], [intAttribute("axis", 0)]),
    ],
  });

  const model = onnx.ModelProto.create({
    irVersion: MODEL_SPEC.irVersion,
    producerName: "provenance-hub",
    producerVersion: "1",
    opsetImport: [onnx.OperatorSetIdProto.create({ domain: "", version: MODEL_SPEC.opset })],
    metadataProps: Object.entries(weights.metadata)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([key, value]) => onnx.StringStringEntryProto.create({ key, value })),
    graph,
  });
  return onnx.ModelProto.encode(model).finish();
}
