/**
 * Governance: proposals with their tallies, votes, every proposal state change, the timelock's
 * operations, and protocol parameters (AttributionEngine, Governor and Timelock settings) with
 * their change history.
 */
import { index, onchainTable, relations } from "ponder";
import type { ProposalState } from "./statuses.js";
import { evidenceColumns } from "./evidence.js";

export const proposal = onchainTable(
  "proposal",
  (t) => ({
    id: t.bigint().primaryKey(),
    proposer: t.hex().notNull(),
    targets: t.hex().array().notNull(),
    values: t.bigint().array().notNull(),
    signatures: t.text().array().notNull(),
    calldatas: t.hex().array().notNull(),
    voteStart: t.bigint().notNull(),
    voteEnd: t.bigint().notNull(),
    description: t.text().notNull(),
    /** The last state an event announced. */
    state: t.text().$type<ProposalState>().notNull(),
    etaSeconds: t.bigint(),
    forVotes: t.bigint().notNull(),
    againstVotes: t.bigint().notNull(),
    abstainVotes: t.bigint().notNull(),
    voteCount: t.integer().notNull(),
    updatedBlock: t.bigint().notNull(),
    ...evidenceColumns(t),
  }),
  (table) => ({ proposerIdx: index().on(table.proposer), stateIdx: index().on(table.state) }),
);

/** History: created, queued, executed, canceled — one row per proposal event. */
export const proposalStateChange = onchainTable(
  "proposal_state_change",
  (t) => ({
    id: t.text().primaryKey(),
    proposalId: t.bigint().notNull(),
    state: t.text().$type<ProposalState>().notNull(),
    etaSeconds: t.bigint(),
    ...evidenceColumns(t),
  }),
  (table) => ({ proposalIdx: index().on(table.proposalId, table.blockNumber) }),
);

export const vote = onchainTable(
  "vote",
  (t) => ({
    id: t.text().primaryKey(),
    proposalId: t.bigint().notNull(),
    voter: t.hex().notNull(),
    /** 0 against, 1 for, 2 abstain (GovernorCountingSimple) */
    support: t.integer().notNull(),
    weight: t.bigint().notNull(),
    reason: t.text().notNull(),
    params: t.hex(),
    ...evidenceColumns(t),
  }),
  // blockIdx: the analytics sink reads votes by block range.
  (table) => ({ proposalIdx: index().on(table.proposalId), voterIdx: index().on(table.voter), blockIdx: index().on(table.blockNumber) }),
);

/** TimelockController events: scheduled, executed, cancelled, salt. */
export const timelockEvent = onchainTable(
  "timelock_event",
  (t) => ({
    id: t.text().primaryKey(),
    /** scheduled | executed | cancelled | salt */
    kind: t.text().notNull(),
    timelockOperationId: t.hex().notNull(),
    callIndex: t.bigint(),
    target: t.hex(),
    value: t.bigint(),
    data: t.hex(),
    predecessor: t.hex(),
    delay: t.bigint(),
    salt: t.hex(),
    ...evidenceColumns(t),
  }),
  (table) => ({ operationIdx: index().on(table.timelockOperationId) }),
);

/** Current value of each parameter, keyed by contract and name. */
export const protocolParameter = onchainTable(
  "protocol_parameter",
  (t) => ({
    id: t.text().primaryKey(), // `${contract}-${key}`
    contract: t.hex().notNull(),
    key: t.text().notNull(),
    /** Decimal integer, or an address for address-valued settings. */
    value: t.text().notNull(),
    updatedBlock: t.bigint().notNull(),
    ...evidenceColumns(t),
  }),
  (table) => ({ keyIdx: index().on(table.key) }),
);

/** History: ParameterChanged, MethodSet, ResolverSet, Governor settings, MinDelayChange. */
export const parameterChange = onchainTable(
  "parameter_change",
  (t) => ({
    id: t.text().primaryKey(),
    contract: t.hex().notNull(),
    key: t.text().notNull(),
    previousValue: t.text(),
    newValue: t.text().notNull(),
    ...evidenceColumns(t),
  }),
  (table) => ({ keyIdx: index().on(table.key, table.blockNumber) }),
);

/** Access-control and bookkeeping events kept verbatim: roles, ownership, EIP-712 domain. */
export const adminEvent = onchainTable(
  "admin_event",
  (t) => ({
    id: t.text().primaryKey(),
    contract: t.hex().notNull(),
    eventName: t.text().notNull(),
    /** The decoded arguments as JSON (bigints as decimal strings). */
    args: t.text().notNull(),
    ...evidenceColumns(t),
  }),
  (table) => ({ contractIdx: index().on(table.contract, table.eventName) }),
);

export const proposalRelations = relations(proposal, ({ many }) => ({
  votes: many(vote),
  stateChanges: many(proposalStateChange),
}));

export const voteRelations = relations(vote, ({ one }) => ({
  proposal: one(proposal, { fields: [vote.proposalId], references: [proposal.id] }),
}));

export const proposalStateChangeRelations = relations(proposalStateChange, ({ one }) => ({
  proposal: one(proposal, { fields: [proposalStateChange.proposalId], references: [proposal.id] }),
}));
