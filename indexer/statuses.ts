/** On-chain enum values as the words the tables store. Pure. */
/** The statuses a contribution row can hold (the contract's None never reaches a row). */
export const CONTRIBUTION_STATUS_VALUES = ["pending", "accepted", "rejected", "withdrawn"] as const;
export type ContributionStatus = (typeof CONTRIBUTION_STATUS_VALUES)[number];
export const MODEL_STATUS_VALUES = ["draft", "published", "deprecated"] as const;
export type ModelStatus = (typeof MODEL_STATUS_VALUES)[number];

const CONTRIBUTION_STATUSES = ["none", ...CONTRIBUTION_STATUS_VALUES] as const;
const MODEL_STATUSES: readonly ModelStatus[] = MODEL_STATUS_VALUES;

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

/** Governor ProposalState words, in the contract's enum order. */
export const PROPOSAL_STATE_VALUES = ["pending", "active", "canceled", "defeated", "succeeded", "queued", "expired", "executed"] as const;
export type ProposalState = (typeof PROPOSAL_STATE_VALUES)[number];
