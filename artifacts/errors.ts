import { HubError } from "../core/errors.js";

export class ArtifactMissingError extends HubError {
  constructor(hash: string, location: string) {
    super("ARTIFACT_MISSING", `no artifact ${hash} in ${location}`, {
      hint: "check ARTIFACTS_DIR points at the store the simulator or producer wrote",
      details: { hash, location },
    });
  }
}

export class ArtifactCorruptError extends HubError {
  constructor(hash: string, actual: string, location: string) {
    super("ARTIFACT_CORRUPT", `artifact ${hash} in ${location} hashes to ${actual}`, {
      hint: "the stored bytes were altered or truncated; restore them from the producer",
      details: { hash, actual, location },
    });
  }
}

export class InvalidArtifactHashError extends HubError {
  constructor(hash: string) {
    super("ARTIFACT_HASH_INVALID", `"${hash}" is not a 32-byte hex hash`, {
      hint: "artifact keys are the 0x-prefixed keccak256 recorded on chain",
    });
  }
}
