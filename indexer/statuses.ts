/** On-chain enum values as the words the tables store. Pure. */
export type ContributionStatus = "pending" | "accepted" | "rejected" | "withdrawn";
export type ModelStatus = "draft" | "published" | "deprecated";

const CONTRIBUTION_STATUSES = ["none", "pending", "accepted", "rejected", "withdrawn"] as const;
const MODEL_STATUSES: readonly ModelStatus[] = ["draft", "published", "deprecated"];

/** DatanetRegistry.ContributionStatus (None=0, Pending, Accepted, Rejected, Withdrawn). */
export function contributionStatusName(code: number): (typeof CONTRIBUTION_STATUSES)[number] | `unknown(${number})` {
  return CONTRIBUTION_STATUSES[code] ?? `unknown(${code})`;
}

/** ModelFactory.ModelStatus (Draft=0, Published, Deprecated). */
export function modelStatusName(code: number): ModelStatus | `unknown(${number})` {
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
