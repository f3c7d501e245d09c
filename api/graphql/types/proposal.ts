/** Proposal: a Governor proposal with its tallies and its state() at the answered block. */
import { builder } from "../builder.js";
import type { At } from "../context.js";
import { governorState, quorumAt } from "../governor-state.js";
import { supplyAt, type ProposalRow } from "../loaders/governance.js";
import { asOfValue, wrapAll } from "./at.js";
import { ProposalStateEnum } from "./enums.js";
import { EvidenceRef } from "./evidence.js";
import { AccountRef, ProposalRef, VoteRef } from "./refs.js";

async function tallies(p: At<ProposalRow>) {
  return asOfValue(p, (r) => ({ forVotes: r.forVotes, againstVotes: r.againstVotes, abstainVotes: r.abstainVotes, voteCount: r.voteCount }), () => p.at.loaders.governance.tallies.load(p.row.id));
}

/** Total supply and quorum numerator at the proposal's snapshot block. */
async function quorumInputs(p: At<ProposalRow>) {
  const snapshot = p.row.voteStart;
  const supplyAtSnapshot = supplyAt(await p.at.loaders.governance.supplySteps(), snapshot);
  const numerators = (await p.at.loaders.governance.parameterHistory()).filter((c) => c.key === "quorumNumerator" && c.blockNumber <= snapshot);
  return { supplyAtSnapshot, quorumNumerator: BigInt(numerators.at(-1)?.newValue ?? "0") };
}

const StateChangeRef = builder.objectRef<{ state: string; etaSeconds: bigint | null; chainId: number; blockNumber: bigint; blockTimestamp: bigint; transactionHash: `0x${string}`; logIndex: number }>("ProposalStateChange").implement({
  description: "An event that moved the proposal: created, queued, executed, canceled.",
  fields: (t) => ({
    state: t.exposeString("state"),
    etaSeconds: t.expose("etaSeconds", { type: "BigInt", nullable: true }),
    evidence: t.field({ type: EvidenceRef, resolve: (s) => s }),
  }),
});

ProposalRef.implement({
  description: "An OpenGovernor proposal.",
  fields: (t) => ({
    id: t.field({ type: "BigInt", resolve: (p) => p.row.id }),
    proposer: t.field({ type: AccountRef, resolve: (p) => ({ row: { address: p.row.proposer }, at: p.at }) }),
    description: t.string({ resolve: (p) => p.row.description }),
    targets: t.field({ type: ["Hex"], resolve: (p) => p.row.targets }),
    values: t.field({ type: ["BigInt"], resolve: (p) => p.row.values }),
    calldatas: t.field({ type: ["Hex"], resolve: (p) => p.row.calldatas }),
    voteStart: t.field({ type: "BigInt", description: "The snapshot block: voting opens after it.", resolve: (p) => p.row.voteStart }),
    voteEnd: t.field({ type: "BigInt", description: "The deadline block: voting closes after it.", resolve: (p) => p.row.voteEnd }),
    state: t.field({
      type: ProposalStateEnum,
      description: "Governor.state() at the answered block, computed from the indexed events, the tallies, the total supply at the snapshot and the quorum numerator then.",
      resolve: async (p) => {
        const announced = (await p.at.loaders.governance.stateChangesByProposal.load(p.row.id)).map((c) => c.state);
        return governorState({ block: p.at.block.number, voteStart: p.row.voteStart, voteEnd: p.row.voteEnd, announced, ...(await tallies(p)), ...(await quorumInputs(p)) });
      },
    }),
    quorum: t.field({ type: "BigInt", description: "Votes (for + abstain) needed: total supply at the snapshot x quorum numerator / 100.", resolve: async (p) => quorumAt(await quorumInputs(p)) }),
    etaSeconds: t.field({
      type: "BigInt",
      nullable: true,
      resolve: async (p) => (await p.at.loaders.governance.stateChangesByProposal.load(p.row.id)).filter((c) => c.etaSeconds !== null).at(-1)?.etaSeconds ?? null,
    }),
    forVotes: t.field({ type: "BigInt", resolve: async (p) => (await tallies(p)).forVotes }),
    againstVotes: t.field({ type: "BigInt", resolve: async (p) => (await tallies(p)).againstVotes }),
    abstainVotes: t.field({ type: "BigInt", resolve: async (p) => (await tallies(p)).abstainVotes }),
    voteCount: t.int({ resolve: async (p) => (await tallies(p)).voteCount }),
    votes: t.field({ type: [VoteRef], resolve: async (p) => wrapAll(p.at, await p.at.loaders.governance.votesByProposal.load(p.row.id)) }),
    stateHistory: t.field({ type: [StateChangeRef], resolve: (p) => p.at.loaders.governance.stateChangesByProposal.load(p.row.id) }),
    evidence: t.field({ type: EvidenceRef, description: "ProposalCreated.", resolve: (p) => p.row }),
  }),
});
