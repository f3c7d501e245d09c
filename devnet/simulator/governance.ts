/**
 * Governance proposals through their whole life: proposed, voted, then queued and executed
 * through the timelock, defeated, or cancelled while pending. Each changes an
 * AttributionEngine parameter, so executed ones show up as ParameterChanged events.
 */
import { encodeAbiParameters, encodeFunctionData, keccak256, parseEther, toHex, type Address, type Hex } from "viem";
import type { PrivateKeyAccount } from "viem/accounts";
import { attributionEngineAbi, openGovernorAbi } from "../../contracts-abi/generated/index.js";
import type { SeededRandom } from "../../core/random.js";
import type { ChainWriter } from "../chain-writer.js";
import { GOVERNANCE_SETTINGS } from "../deploy.js";
import { NOT_YET, type Scheduler } from "./scheduler.js";

export type ProposalOutcome = "executed" | "defeated" | "cancelled";

const VOTE = { against: 0, for: 1, abstain: 2 } as const;

export class GovernanceDriver {
  proposals = 0;

  constructor(
    private readonly writer: ChainWriter,
    private readonly governor: Address,
    private readonly engine: Address,
    private readonly holders: readonly PrivateKeyAccount[],
    private readonly smallVoters: readonly PrivateKeyAccount[],
    private readonly random: SeededRandom,
  ) {}

  private parameterCall(): { calldata: Hex; description: string } {
    const choice = this.random.int(0, 2);
    if (choice === 0) {
      const protocol = this.random.int(2, 8) * 10_000;
      const owner = this.random.int(15, 30) * 10_000;
      return {
        calldata: encodeFunctionData({ abi: attributionEngineAbi, functionName: "setFeeSplit", args: [protocol, owner] }),
        description: `Set the fee split to ${protocol / 10_000}% protocol and ${owner / 10_000}% model owner`,
      };
    }
    if (choice === 1) {
      const bond = this.random.int(5, 25);
      return {
        calldata: encodeFunctionData({ abi: attributionEngineAbi, functionName: "setChallengeBond", args: [parseEther(String(bond))] }),
        description: `Set the challenge bond to ${bond} OPEN`,
      };
    }
    const max = this.random.int(8, 16);
    return {
      calldata: encodeFunctionData({ abi: attributionEngineAbi, functionName: "setMaxContributionsPerAttribution", args: [max] }),
      description: `Allow at most ${max} contributions per attribution`,
    };
  }

  private read(functionName: "proposalSnapshot" | "proposalDeadline" | "proposalEta", proposalId: bigint): Promise<bigint> {
    return this.writer.client.readContract({ address: this.governor, abi: openGovernorAbi, functionName, args: [proposalId] }) as Promise<bigint>;
  }

  /**
   * Each step waits (NOT_YET) until the chain allows it in the block it will land in: votes
   * once voting is open, queueing once voting has closed, execution once the timelock's eta has
   * passed. On the devnet the planned blocks already satisfy this; elsewhere (real timestamps,
   * automine or interval mining) the planned block counts do not, and the timelock reverted
   * with TimelockUnexpectedOperationState.
   */
  private async votingOpen(proposalId: bigint): Promise<boolean> {
    const next = await this.writer.nextBlock();
    return next.number > (await this.read("proposalSnapshot", proposalId));
  }

  private async votingClosed(proposalId: bigint): Promise<boolean> {
    const next = await this.writer.nextBlock();
    return next.number > (await this.read("proposalDeadline", proposalId));
  }

  private async etaPassed(proposalId: bigint): Promise<boolean> {
    const eta = await this.read("proposalEta", proposalId);
    return eta > 0n && (await this.writer.nextBlock()).timestamp >= eta;
  }

  /** Schedules one proposal starting at `block` with the given outcome. */
  schedule(scheduler: Scheduler, block: number, outcome: ProposalOutcome): void {
    const n = ++this.proposals;
    const { calldata, description: what } = this.parameterCall();
    const description = `OIP-${n}: ${what}`;
    const targets = [this.engine] as const;
    const values = [0n] as const;
    const calldatas = [calldata] as const;
    const descriptionHash = keccak256(toHex(description));
    const proposer = this.holders[n % this.holders.length]!;
    const gov = { address: this.governor, abi: openGovernorAbi, gas: 1_000_000n } as const;
    const proposalId = BigInt(
      keccak256(encodeAbiParameters([{ type: "address[]" }, { type: "uint256[]" }, { type: "bytes[]" }, { type: "bytes32" }], [targets, values, calldatas, descriptionHash])),
    );

    if (outcome === "cancelled") {
      // A proposer may cancel only while the proposal is pending (until its snapshot block,
      // one block on): sent right after proposing, it lands in time in any mining mode.
      scheduler.at(block, async () => {
        await this.writer.write(proposer, { ...gov, functionName: "propose", args: [targets, values, calldatas, description] });
        await this.writer.write(proposer, { ...gov, functionName: "cancel", args: [targets, values, calldatas, descriptionHash] });
      });
      return;
    }
    scheduler.at(block, () => this.writer.write(proposer, { ...gov, functionName: "propose", args: [targets, values, calldatas, description] }));
    const votingStarts = block + GOVERNANCE_SETTINGS.votingDelayBlocks + 1;
    scheduler.at(votingStarts, async () => {
      if (!(await this.votingOpen(proposalId))) return NOT_YET;
      for (const [i, holder] of this.holders.entries()) {
        const support = outcome === "executed" ? (i === 1 ? VOTE.against : i === 2 ? VOTE.abstain : VOTE.for) : i === 0 ? VOTE.for : VOTE.against;
        await this.writer.write(holder, { ...gov, functionName: "castVote", args: [proposalId, support] });
      }
      for (const voter of this.random.shuffle(this.smallVoters).slice(0, 3)) {
        const support = this.random.pick([VOTE.for, VOTE.against, VOTE.abstain]);
        await this.writer.write(voter, { ...gov, functionName: "castVoteWithReason", args: [proposalId, support, "community vote"] });
      }
    });
    if (outcome === "defeated") return;
    const queueAt = votingStarts + GOVERNANCE_SETTINGS.votingPeriodBlocks + 1;
    const delayBlocks = Math.ceil(GOVERNANCE_SETTINGS.timelockDelaySeconds / 12) + 1;
    scheduler.at(queueAt, async () => {
      if (!(await this.votingClosed(proposalId))) return NOT_YET;
      await this.writer.write(proposer, { ...gov, functionName: "queue", args: [targets, values, calldatas, descriptionHash] });
      // Execution is planned from the block the queueing landed in, and waits for the eta.
      const queuedAt = scheduler.currentBlock;
      scheduler.at(queuedAt + delayBlocks, async () => {
        if (!(await this.etaPassed(proposalId))) return NOT_YET;
        return this.writer.write(proposer, { ...gov, functionName: "execute", args: [targets, values, calldatas, descriptionHash] });
      });
    });
  }
}
