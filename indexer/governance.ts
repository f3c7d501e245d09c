/**
 * OpenGovernor and its TimelockController: proposals, votes and tallies, proposal state
 * changes, timelock operations, and the governance settings as protocol parameters.
 */
import type { ProposalState } from "../schema/statuses.js";
import { ponder } from "ponder:registry";
import { proposal, proposalStateChange, timelockEvent, vote } from "../schema/governance.js";
import { evidenceOf, eventRowId, recordAnomaly, type Db, type Evidence, type LogEvent } from "./evidence.js";
import { recordAdminEvent, recordParameterChange } from "./parameters.js";

ponder.on("OpenGovernor:ProposalCreated", async ({ event, context }) => {
  const evidence = evidenceOf(context.chain.id, event);
  const a = event.args;
  await context.db.insert(proposalStateChange).values({ id: eventRowId(evidence), proposalId: a.proposalId, state: "created", etaSeconds: null, ...evidence });
  await context.db.insert(proposal).values({
    id: a.proposalId,
    proposer: a.proposer,
    targets: [...a.targets],
    values: [...a.values],
    signatures: [...a.signatures],
    calldatas: [...a.calldatas],
    voteStart: a.voteStart,
    voteEnd: a.voteEnd,
    description: a.description,
    state: "created",
    forVotes: 0n,
    againstVotes: 0n,
    abstainVotes: 0n,
    voteCount: 0,
    updatedBlock: evidence.blockNumber,
    ...evidence,
  }).onConflictDoNothing();
});

async function proposalState(db: Db, evidence: Evidence, event: LogEvent, eventName: string, proposalId: bigint, state: ProposalState, etaSeconds: bigint | null): Promise<void> {
  await db.insert(proposalStateChange).values({ id: eventRowId(evidence), proposalId, state, etaSeconds, ...evidence });
  if (!(await db.find(proposal, { id: proposalId }))) {
    await recordAnomaly(db, evidence, event, { kind: "unknown_proposal", eventName, details: { proposalId } });
    return;
  }
  await db.update(proposal, { id: proposalId }).set(etaSeconds === null ? { state, updatedBlock: evidence.blockNumber } : { state, etaSeconds, updatedBlock: evidence.blockNumber });
}

ponder.on("OpenGovernor:ProposalQueued", async ({ event, context }) => {
  await proposalState(context.db, evidenceOf(context.chain.id, event), event, "ProposalQueued", event.args.proposalId, "queued", event.args.etaSeconds);
});
ponder.on("OpenGovernor:ProposalExecuted", async ({ event, context }) => {
  await proposalState(context.db, evidenceOf(context.chain.id, event), event, "ProposalExecuted", event.args.proposalId, "executed", null);
});
ponder.on("OpenGovernor:ProposalCanceled", async ({ event, context }) => {
  await proposalState(context.db, evidenceOf(context.chain.id, event), event, "ProposalCanceled", event.args.proposalId, "canceled", null);
});

async function castVote(
  db: Db,
  evidence: Evidence,
  event: LogEvent,
  args: { voter: `0x${string}`; proposalId: bigint; support: number; weight: bigint; reason: string; params?: `0x${string}` },
): Promise<void> {
  await db.insert(vote).values({
    id: eventRowId(evidence),
    proposalId: args.proposalId,
    voter: args.voter,
    support: args.support,
    weight: args.weight,
    reason: args.reason,
    params: args.params ?? null,
    ...evidence,
  });
  const p = await db.find(proposal, { id: args.proposalId });
  if (!p) {
    await recordAnomaly(db, evidence, event, { kind: "unknown_proposal", eventName: "VoteCast", details: { proposalId: args.proposalId, voter: args.voter } });
    return;
  }
  const tally =
    args.support === 0 ? { againstVotes: p.againstVotes + args.weight } : args.support === 1 ? { forVotes: p.forVotes + args.weight } : { abstainVotes: p.abstainVotes + args.weight };
  await db.update(proposal, { id: args.proposalId }).set({ ...tally, voteCount: p.voteCount + 1, updatedBlock: evidence.blockNumber });
}

ponder.on("OpenGovernor:VoteCast", async ({ event, context }) => {
  await castVote(context.db, evidenceOf(context.chain.id, event), event, event.args);
});
ponder.on("OpenGovernor:VoteCastWithParams", async ({ event, context }) => {
  await castVote(context.db, evidenceOf(context.chain.id, event), event, event.args);
});

// Governor settings are parameters too: the constructor emits them, proposals may change them.
ponder.on("OpenGovernor:VotingDelaySet", async ({ event, context }) => {
  const { oldVotingDelay, newVotingDelay } = event.args;
  await recordParameterChange(context.db, evidenceOf(context.chain.id, event), { contract: event.log.address, key: "votingDelay", previousValue: oldVotingDelay.toString(), newValue: newVotingDelay.toString() });
});
ponder.on("OpenGovernor:VotingPeriodSet", async ({ event, context }) => {
  const { oldVotingPeriod, newVotingPeriod } = event.args;
  await recordParameterChange(context.db, evidenceOf(context.chain.id, event), { contract: event.log.address, key: "votingPeriod", previousValue: oldVotingPeriod.toString(), newValue: newVotingPeriod.toString() });
});
ponder.on("OpenGovernor:ProposalThresholdSet", async ({ event, context }) => {
  const { oldProposalThreshold, newProposalThreshold } = event.args;
  await recordParameterChange(context.db, evidenceOf(context.chain.id, event), { contract: event.log.address, key: "proposalThreshold", previousValue: oldProposalThreshold.toString(), newValue: newProposalThreshold.toString() });
});
ponder.on("OpenGovernor:QuorumNumeratorUpdated", async ({ event, context }) => {
  const { oldQuorumNumerator, newQuorumNumerator } = event.args;
  await recordParameterChange(context.db, evidenceOf(context.chain.id, event), { contract: event.log.address, key: "quorumNumerator", previousValue: oldQuorumNumerator.toString(), newValue: newQuorumNumerator.toString() });
});
ponder.on("OpenGovernor:TimelockChange", async ({ event, context }) => {
  const { oldTimelock, newTimelock } = event.args;
  await recordParameterChange(context.db, evidenceOf(context.chain.id, event), { contract: event.log.address, key: "timelock", previousValue: oldTimelock.toLowerCase(), newValue: newTimelock.toLowerCase() });
});
ponder.on("OpenGovernor:EIP712DomainChanged", async ({ event, context }) => {
  await recordAdminEvent(context.db, evidenceOf(context.chain.id, event), event.log.address, "EIP712DomainChanged", {});
});

// TimelockController
ponder.on("ProtocolTimelock:CallScheduled", async ({ event, context }) => {
  const evidence = evidenceOf(context.chain.id, event);
  const { id, index, target, value, data, predecessor, delay } = event.args;
  await context.db.insert(timelockEvent).values({ id: eventRowId(evidence), kind: "scheduled", timelockOperationId: id, callIndex: index, target, value, data, predecessor, delay, ...evidence });
});
ponder.on("ProtocolTimelock:CallExecuted", async ({ event, context }) => {
  const evidence = evidenceOf(context.chain.id, event);
  const { id, index, target, value, data } = event.args;
  await context.db.insert(timelockEvent).values({ id: eventRowId(evidence), kind: "executed", timelockOperationId: id, callIndex: index, target, value, data, ...evidence });
});
ponder.on("ProtocolTimelock:Cancelled", async ({ event, context }) => {
  const evidence = evidenceOf(context.chain.id, event);
  await context.db.insert(timelockEvent).values({ id: eventRowId(evidence), kind: "cancelled", timelockOperationId: event.args.id, ...evidence });
});
ponder.on("ProtocolTimelock:CallSalt", async ({ event, context }) => {
  const evidence = evidenceOf(context.chain.id, event);
  await context.db.insert(timelockEvent).values({ id: eventRowId(evidence), kind: "salt", timelockOperationId: event.args.id, salt: event.args.salt, ...evidence });
});
ponder.on("ProtocolTimelock:MinDelayChange", async ({ event, context }) => {
  const { oldDuration, newDuration } = event.args;
  await recordParameterChange(context.db, evidenceOf(context.chain.id, event), { contract: event.log.address, key: "minDelay", previousValue: oldDuration.toString(), newValue: newDuration.toString() });
});
ponder.on("ProtocolTimelock:RoleGranted", async ({ event, context }) => {
  await recordAdminEvent(context.db, evidenceOf(context.chain.id, event), event.log.address, "RoleGranted", event.args);
});
ponder.on("ProtocolTimelock:RoleRevoked", async ({ event, context }) => {
  await recordAdminEvent(context.db, evidenceOf(context.chain.id, event), event.log.address, "RoleRevoked", event.args);
});
ponder.on("ProtocolTimelock:RoleAdminChanged", async ({ event, context }) => {
  await recordAdminEvent(context.db, evidenceOf(context.chain.id, event), event.log.address, "RoleAdminChanged", event.args);
});
