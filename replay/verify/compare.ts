/** Pure comparisons of a claim against what replay observed. */
import type { InferenceOutput } from "../../model/io.js";
import type { OutputMatch } from "../verdicts/types.js";

export type OutputComparison = { match: OutputMatch; maxAbsDiff: number; detail: string };

/**
 * Same bytes means same output. Otherwise (another execution provider, another batch shape) the
 * decoded outputs must agree: identical text and retrieved chunks, embeddings within tolerance.
 */
export function compareOutputs(claimed: InferenceOutput, observed: InferenceOutput, tolerance: number): OutputComparison {
  let maxAbsDiff = claimed.embedding.length === observed.embedding.length ? 0 : Number.POSITIVE_INFINITY;
  if (Number.isFinite(maxAbsDiff)) {
    for (let i = 0; i < claimed.embedding.length; i++) maxAbsDiff = Math.max(maxAbsDiff, Math.abs(claimed.embedding[i]! - observed.embedding[i]!));
  }
  if (claimed.text !== observed.text) return { match: "mismatch", maxAbsDiff, detail: "output text differs from the recomputed text" };
  if (claimed.topIndices.join(",") !== observed.topIndices.join(",")) return { match: "mismatch", maxAbsDiff, detail: "retrieved chunks differ" };
  if (!(maxAbsDiff <= tolerance)) return { match: "mismatch", maxAbsDiff, detail: `embedding differs by ${maxAbsDiff.toExponential(3)} > tolerance ${tolerance}` };
  return { match: "within_tolerance", maxAbsDiff, detail: `embedding within ${tolerance} (max diff ${maxAbsDiff.toExponential(3)})` };
}
