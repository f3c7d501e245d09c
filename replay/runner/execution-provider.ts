/**
 * Picks the onnxruntime execution provider once at start. CUDA needs
 * libonnxruntime_providers_cuda.so, which onnxruntime-node's install script downloads (it
 * cannot here): so CUDA is tried with a real probe session and, when it fails, the worker says
 * why and runs on CPU. The chosen provider is reported in every verdict.
 */
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import * as ort from "onnxruntime-node";
import type { ExecutionProvider } from "../../model/session.js";
import { ModelSession } from "../../model/session.js";
import { trainModel } from "../../model/train.js";
import type { ExecutionProviderRequest } from "../config.js";

export type ExecutionProviderChoice = {
  provider: ExecutionProvider;
  requested: ExecutionProviderRequest;
  /** Why the requested provider is not the one used; undefined when it is. */
  fallbackReason: string | undefined;
};

/** Where onnxruntime-node keeps its native libraries (the CUDA provider would sit beside them). */
function nativeLibraryDir(): string | undefined {
  try {
    const entry = createRequire(import.meta.url).resolve("onnxruntime-node");
    return join(dirname(entry), "..", "bin", "napi-v6", process.platform, process.arch);
  } catch {
    return undefined;
  }
}

async function probeCuda(): Promise<string | undefined> {
  const backend = ort.listSupportedBackends().find((b) => b.name === "cuda");
  if (!backend) return "this onnxruntime-node build has no CUDA backend";
  const dir = nativeLibraryDir();
  if (dir && !existsSync(join(dir, "libonnxruntime_providers_cuda.so"))) {
    return `libonnxruntime_providers_cuda.so is not installed in ${dir} (onnxruntime-node's install script downloads it; it was skipped or could not download)`;
  }
  try {
    const probe = trainModel({ seed: "cuda-probe", examples: [{ contributionId: 1n, text: "probe" }] });
    const session = await ModelSession.load(probe.onnx, "cuda");
    await session.run([new Float32Array(256)]);
    await session.release();
    return undefined;
  } catch (error) {
    const message = error instanceof Error ? error.message.split("\n")[0] : String(error);
    return `CUDA provider failed to start (${message}); onnxruntime-node's CUDA libraries come from its install script (ONNXRUNTIME_NODE_INSTALL_CUDA)`;
  }
}

export async function chooseExecutionProvider(requested: ExecutionProviderRequest): Promise<ExecutionProviderChoice> {
  if (requested === "cpu") return { provider: "cpu", requested, fallbackReason: undefined };
  const problem = await probeCuda();
  if (problem === undefined) return { provider: "cuda", requested, fallbackReason: undefined };
  return { provider: "cpu", requested, fallbackReason: problem };
}

export function describeChoice(choice: ExecutionProviderChoice): string {
  if (!choice.fallbackReason) return `replay: execution provider ${choice.provider}`;
  return `replay: execution provider cpu (requested ${choice.requested}: ${choice.fallbackReason}; falling back to CPU)`;
}
