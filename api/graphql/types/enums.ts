/** GraphQL enums over the status lists the indexer stores (indexer/statuses.ts, replay verdicts). */
import { PROPOSAL_STATE_VALUES } from "../../../indexer/statuses.js";
import { CONTRIBUTION_STATUSES as CONTRIBUTION_STATUS_VALUES, MODEL_STATUSES as MODEL_STATUS_VALUES } from "../../../schema/statuses.js";
import { VERDICT_KINDS } from "../../../replay/verdicts/types.js";
import { builder } from "../builder.js";

export const ContributionStatusEnum = builder.enumType("ContributionStatus", { values: CONTRIBUTION_STATUS_VALUES });
export const ModelStatusEnum = builder.enumType("ModelStatus", { values: MODEL_STATUS_VALUES });
export const ProposalStateEnum = builder.enumType("ProposalState", {
  values: PROPOSAL_STATE_VALUES,
  description: "OpenZeppelin Governor's ProposalState. `expired` is never produced by a Governor with TimelockControl (OZ 5: timelock operations do not expire).",
});
export const VerdictKindEnum = builder.enumType("VerdictKind", { values: VERDICT_KINDS });
export const VoteSupportEnum = builder.enumType("VoteSupport", { values: ["against", "for", "abstain"] as const });
export const SortDirectionEnum = builder.enumType("SortDirection", { values: ["asc", "desc"] as const });

/** Values as stored; unknown words pass through so that a new on-chain status is not lost. */
export const asEnum = <T extends string>(value: string) => value as T;
