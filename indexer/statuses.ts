/** On-chain enum values as the words the tables store (the lists live in schema/statuses.ts). Pure. */
import { CONTRIBUTION_STATUSES, MODEL_STATUSES, type ContributionStatus, type ModelStatusWord } from "../schema/statuses.js";

export type { ContributionStatus, ModelStatus } from "../schema/statuses.js";

/** DatanetRegistry.ContributionStatus (None=0, Pending, Accepted, Rejected, Withdrawn). */
export function contributionStatusName(code: number): "none" | ContributionStatus | `unknown(${number})` {
  if (code === 0) return "none";
  return CONTRIBUTION_STATUSES[code - 1] ?? `unknown(${code})`;
}

/** ModelFactory.ModelStatus (Draft=0, Published, Deprecated). */
export function modelStatusName(code: number): ModelStatusWord {
  return MODEL_STATUSES[code] ?? `unknown(${code})`;
}

/** The datanet counter column each contribution status is counted in. */
export function statusCounter(status: string): "pendingCount" | "acceptedCount" | "rejectedCount" | "withdrawnCount" | undefined {
  switch (status) {
    case "pending":
      return "pendingCount";
    case "accepted":
      return "acceptedCount";
    case "rejected":
      return "rejectedCount";
    case "withdrawn":
      return "withdrawnCount";
    default:
      return undefined;
  }
}

/** Governor proposal state words as the contract's ProposalState enum numbers. */
export const PROPOSAL_STATE_CODE = {
  pending: 0,
  active: 1,
  canceled: 2,
  defeated: 3,
  succeeded: 4,
  queued: 5,
  expired: 6,
  executed: 7,
} as const;

/** Governor ProposalState words, in the contract's enum order. */
export const PROPOSAL_STATE_VALUES = ["pending", "active", "canceled", "defeated", "succeeded", "queued", "expired", "executed"] as const;
export type ProposalState = (typeof PROPOSAL_STATE_VALUES)[number];
