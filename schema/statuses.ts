/**
 * The status words the tables store, one `as const` list each: the schema types its columns
 * with them, the handlers write them, and the API's enums are built from them.
 */

/** DatanetRegistry.ContributionStatus without None (index + 1 is the contract's code). */
export const CONTRIBUTION_STATUSES = ["pending", "accepted", "rejected", "withdrawn"] as const;
export type ContributionStatus = (typeof CONTRIBUTION_STATUSES)[number];

/** contribution_status_change.change: the submission, then each status it moved to. */
export const CONTRIBUTION_CHANGES = ["submitted", "accepted", "rejected", "withdrawn"] as const;
export type ContributionChange = (typeof CONTRIBUTION_CHANGES)[number];

/** ModelFactory.ModelStatus (index = the contract's code). */
export const MODEL_STATUSES = ["draft", "published", "deprecated"] as const;
export type ModelStatus = (typeof MODEL_STATUSES)[number];
/** A code the contract added after this list: stored as unknown(<code>) rather than dropped. */
export type ModelStatusWord = ModelStatus | `unknown(${number})`;

/** proposal.state: the last state an event announced (Governor's other states are derived from blocks). */
export const PROPOSAL_STATES = ["created", "queued", "executed", "canceled"] as const;
export type ProposalState = (typeof PROPOSAL_STATES)[number];

/** Replay verdicts (replay/verdicts/types.ts uses this list). */
export const VERDICT_KINDS = ["verified", "output_mismatch", "attribution_mismatch", "artifact_missing", "artifact_corrupt"] as const;
export type VerdictKind = (typeof VERDICT_KINDS)[number];
