/**
 * Turns a failure to obtain or read one artifact into a verdict reason: a missing artifact is
 * `artifact_missing`; bytes that do not match their hash, or that are not what the claim says
 * they are (unparsable model, input of the wrong shape), are `artifact_corrupt`.
 */
import { ArtifactCorruptError, ArtifactMissingError } from "../../artifacts/errors.js";
import type { VerdictKind } from "../verdicts/types.js";

export type ArtifactRole = "INPUT" | "OUTPUT" | "WEIGHTS" | "ADAPTER" | "MANIFEST" | "CONTRIBUTION";

export type VerdictReason = { verdict: VerdictKind; reasonCode: string; reason: string };

/** An artifact whose bytes are intact but unusable; `code` completes `<ROLE>_<code>`. */
export class ArtifactUnusableError extends Error {
  constructor(
    readonly code: "UNPARSABLE" | "SHAPE_INVALID" | "ROOT_MISMATCH",
    message: string,
  ) {
    super(message);
  }
}

export function artifactFailure(role: ArtifactRole, hash: string, error: unknown): VerdictReason | undefined {
  const what = role.toLowerCase();
  if (error instanceof ArtifactMissingError) {
    return { verdict: "artifact_missing", reasonCode: `${role}_MISSING`, reason: `${what} artifact ${hash} is not in the artifact store` };
  }
  if (error instanceof ArtifactCorruptError) {
    return { verdict: "artifact_corrupt", reasonCode: `${role}_HASH_MISMATCH`, reason: `${what} artifact ${hash}: ${error.message}` };
  }
  if (error instanceof ArtifactUnusableError) {
    return { verdict: "artifact_corrupt", reasonCode: `${role}_${error.code}`, reason: `${what} artifact ${hash}: ${error.message}` };
  }
  return undefined;
}

/** Runs `read` and wraps any parse error (SyntaxError, RangeError, …) as unusable. */
export async function readArtifact<T>(read: () => Promise<T> | T): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof ArtifactMissingError || error instanceof ArtifactCorruptError || error instanceof ArtifactUnusableError) throw error;
    throw new ArtifactUnusableError("UNPARSABLE", error instanceof Error ? error.message : String(error));
  }
}
