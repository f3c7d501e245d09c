/**
 * Which table holds the one row each protocol event produces (keyed by transaction hash and
 * log index): what reconciliation against eth_getLogs checks, and where an audit finds a log.
 */
export const EVENT_TABLES = {
  OpenToken: {
    Transfer: "token_transfer",
    Approval: "token_approval",
    DelegateChanged: "delegate_change",
    DelegateVotesChanged: "delegate_votes_change",
    OwnershipTransferred: "admin_event",
    EIP712DomainChanged: "admin_event",
  },
  DatanetRegistry: {
    DatanetCreated: "datanet",
    CuratorAdded: "curator_change",
    CuratorRemoved: "curator_change",
    ContributionSubmitted: "contribution_status_change",
    ContributionReviewed: "contribution_status_change",
    ContributionWithdrawn: "contribution_status_change",
    DatanetVersionPublished: "datanet_version",
  },
  ModelFactory: {
    ModelRegistered: "model",
    TrainingRunRecorded: "training_run",
    AdapterPublished: "adapter",
    ModelStatusChanged: "model_status_change",
  },
  AttributionEngine: {
    InferenceRecorded: "inference",
    AttributionRecorded: "attribution",
    RewardPaid: "reward",
    FeeDistributed: "fee_distribution",
    ChallengeOpened: "challenge_event",
    ChallengeResolved: "challenge_event",
    ParameterChanged: "parameter_change",
    MethodSet: "parameter_change",
    ResolverSet: "parameter_change",
    OwnershipTransferred: "admin_event",
  },
  ProtocolTimelock: {
    CallScheduled: "timelock_event",
    CallExecuted: "timelock_event",
    Cancelled: "timelock_event",
    CallSalt: "timelock_event",
    MinDelayChange: "parameter_change",
    RoleGranted: "admin_event",
    RoleRevoked: "admin_event",
    RoleAdminChanged: "admin_event",
  },
  OpenGovernor: {
    ProposalCreated: "proposal_state_change",
    ProposalQueued: "proposal_state_change",
    ProposalExecuted: "proposal_state_change",
    ProposalCanceled: "proposal_state_change",
    VoteCast: "vote",
    VoteCastWithParams: "vote",
    VotingDelaySet: "parameter_change",
    VotingPeriodSet: "parameter_change",
    ProposalThresholdSet: "parameter_change",
    QuorumNumeratorUpdated: "parameter_change",
    TimelockChange: "parameter_change",
    EIP712DomainChanged: "admin_event",
  },
} as const;

/** Every table that holds event rows (one per log). */
export const EVENT_ROW_TABLES: readonly string[] = [...new Set(Object.values(EVENT_TABLES).flatMap((events) => Object.values(events)))];

/** Tables a test or audit compares between two indexes of the same chain. */
export const ALL_TABLES: readonly string[] = [
  ...EVENT_ROW_TABLES,
  "contribution",
  "datanet_curator",
  "datanet_version_member",
  "training_run_dataset",
  "model_contributor",
  "attribution_share",
  "challenge",
  "proposal",
  "protocol_parameter",
  "account",
  "anomaly",
].filter((t, i, all) => all.indexOf(t) === i);
