/**
 * A claim's identity: the hash of everything it asserts, and the job key that makes replay
 * jobs (and their verdicts) idempotent: one inference + one claim = one job, whatever asks.
 */
import { encodeAbiParameters, keccak256, type Hex } from "viem";
import type { Claim } from "./types.js";

export function claimHash(claim: Claim): Hex {
  return keccak256(
    encodeAbiParameters(
      [
        { type: "uint256" }, { type: "uint256" }, { type: "uint256" }, { type: "uint256" }, { type: "uint256" },
        { type: "bytes32" }, { type: "bytes32" }, { type: "uint16" }, { type: "uint256[]" }, { type: "uint32[]" },
      ],
      [
        BigInt(claim.chainId), claim.inferenceId, claim.modelId, claim.adapterId, claim.runId,
        claim.inputHash, claim.outputHash, claim.methodId, claim.contributionIds, claim.weightsPpm,
      ],
    ),
  );
}

/** `inference-<id>-<claim hash>`: BullMQ job ids may not contain ':'. */
export function jobKeyOf(claim: Claim): string {
  return `inference-${claim.inferenceId}-${claimHash(claim).slice(2, 34)}`;
}

/** JSON-safe form of a claim (bigints as decimal strings) for job payloads and jsonb. */
export type SerializedClaim = Omit<Claim, "inferenceId" | "modelId" | "adapterId" | "runId" | "fee" | "contributionIds" | "blockNumber"> & {
  inferenceId: string;
  modelId: string;
  adapterId: string;
  runId: string;
  fee: string;
  contributionIds: string[];
  blockNumber: string;
};

export function serializeClaim(c: Claim): SerializedClaim {
  return {
    ...c,
    inferenceId: c.inferenceId.toString(),
    modelId: c.modelId.toString(),
    adapterId: c.adapterId.toString(),
    runId: c.runId.toString(),
    fee: c.fee.toString(),
    contributionIds: c.contributionIds.map(String),
    blockNumber: c.blockNumber.toString(),
  };
}

export function deserializeClaim(s: SerializedClaim): Claim {
  return {
    ...s,
    inferenceId: BigInt(s.inferenceId),
    modelId: BigInt(s.modelId),
    adapterId: BigInt(s.adapterId),
    runId: BigInt(s.runId),
    fee: BigInt(s.fee),
    contributionIds: s.contributionIds.map((id) => BigInt(id)),
    blockNumber: BigInt(s.blockNumber),
  };
}
