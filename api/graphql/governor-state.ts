/**
 * OpenGovernor's `state(proposalId)` at a block, computed from indexed history as OpenZeppelin
 * 5's Governor + GovernorTimelockControl compute it (clock = block number, ERC20Votes):
 * executed / canceled first; pending while snapshot >= block; active while deadline >= block;
 * then defeated unless quorum (for + abstain >= totalSupply(snapshot) * numerator / 100) and
 * for > against; succeeded until queued; queued after. A TimelockController operation does not
 * expire, so `expired` never comes out. Pure.
 */
import type { ProposalState } from "../../indexer/statuses.js";

export type GovernorStateInput = {
  block: bigint;
  voteStart: bigint;
  voteEnd: bigint;
  /** Events announced up to `block`: created, queued, executed, canceled. */
  announced: readonly string[];
  forVotes: bigint;
  againstVotes: bigint;
  abstainVotes: bigint;
  /** Total supply at the snapshot (voteStart) and the quorum numerator then (of 100). */
  supplyAtSnapshot: bigint;
  quorumNumerator: bigint;
};

export const QUORUM_DENOMINATOR = 100n;

export function quorumAt(input: Pick<GovernorStateInput, "supplyAtSnapshot" | "quorumNumerator">): bigint {
  return (input.supplyAtSnapshot * input.quorumNumerator) / QUORUM_DENOMINATOR;
}

export function governorState(input: GovernorStateInput): ProposalState {
  if (input.announced.includes("executed")) return "executed";
  if (input.announced.includes("canceled")) return "canceled";
  if (input.voteStart >= input.block) return "pending";
  if (input.voteEnd >= input.block) return "active";
  const quorumReached = quorumAt(input) <= input.forVotes + input.abstainVotes;
  if (!quorumReached || input.forVotes <= input.againstVotes) return "defeated";
  return input.announced.includes("queued") ? "queued" : "succeeded";
}
