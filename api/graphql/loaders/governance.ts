/** Governance loaders: proposals, votes, state history, parameters and the inputs of state(). */
import DataLoader from "dataloader";
import { and, asc, count, eq, inArray, lte, or, sum } from "ponder";
import { zeroAddress } from "viem";
import { parameterChange, proposal, proposalStateChange, protocolParameter, vote } from "../../../schema/governance.js";
import { tokenTransfer } from "../../../schema/token.js";
import type { SqlRunner } from "../read-db.js";
import { rowsByColumn, rowsById } from "./rows.js";

export type ProposalRow = typeof proposal.$inferSelect;
export type ParameterChangeRow = typeof parameterChange.$inferSelect;

/** OPEN's total supply after each block that minted or burned, ascending. */
type SupplySteps = { block: bigint; supply: bigint }[];

/** The supply after the last step at or before `block`. Pure. */
export function supplyAt(steps: SupplySteps, block: bigint): bigint {
  let supply = 0n;
  for (const s of steps) {
    if (s.block > block) break;
    supply = s.supply;
  }
  return supply;
}

export function createGovernanceLoaders(sql: SqlRunner, block: bigint) {
  let supplySteps: Promise<SupplySteps> | undefined;
  let parameterHistory: Promise<ParameterChangeRow[]> | undefined;
  return {
    proposal: rowsById<typeof proposal, bigint>(sql, proposal, block),
    protocolParameter: rowsById<typeof protocolParameter, string>(sql, protocolParameter, block),
    votesByProposal: rowsByColumn<typeof vote, bigint>(sql, vote, vote.proposalId, block),
    votesByVoter: rowsByColumn<typeof vote, string>(sql, vote, vote.voter, block),
    stateChangesByProposal: rowsByColumn<typeof proposalStateChange, bigint>(sql, proposalStateChange, proposalStateChange.proposalId, block),
    /** Vote tallies at the answered block. */
    tallies: new DataLoader<bigint, { forVotes: bigint; againstVotes: bigint; abstainVotes: bigint; voteCount: number }, string>(
      async (ids) => {
        const rows = await sql.run(
          sql.db
            .select({ proposalId: vote.proposalId, support: vote.support, weight: sum(vote.weight), n: count() })
            .from(vote)
            .where(and(inArray(vote.proposalId, [...ids]), lte(vote.blockNumber, block)))
            .groupBy(vote.proposalId, vote.support),
        );
        return ids.map((id) => {
          const t = { forVotes: 0n, againstVotes: 0n, abstainVotes: 0n, voteCount: 0 };
          for (const r of rows.filter((r) => r.proposalId === id)) {
            const w = BigInt(r.weight ?? 0);
            if (r.support === 0) t.againstVotes += w;
            else if (r.support === 1) t.forVotes += w;
            else t.abstainVotes += w;
            t.voteCount += Number(r.n);
          }
          return t;
        });
      },
      { cacheKeyFn: String },
    ),
    /** Every parameter change at or before the answered block, in chain order (a short table). */
    parameterHistory(): Promise<ParameterChangeRow[]> {
      parameterHistory ??= sql.run(
        sql.db.select().from(parameterChange).where(lte(parameterChange.blockNumber, block)).orderBy(asc(parameterChange.blockNumber), asc(parameterChange.logIndex)),
      );
      return parameterHistory;
    },
    /** OPEN's total supply step by step (mints and burns), for the quorum at a snapshot. */
    supplySteps(): Promise<SupplySteps> {
      supplySteps ??= sql
        .run(
          sql.db
            .select({ block: tokenTransfer.blockNumber, from: tokenTransfer.from, to: tokenTransfer.to, value: tokenTransfer.value })
            .from(tokenTransfer)
            .where(and(or(eq(tokenTransfer.from, zeroAddress), eq(tokenTransfer.to, zeroAddress)), lte(tokenTransfer.blockNumber, block)))
            .orderBy(asc(tokenTransfer.blockNumber), asc(tokenTransfer.logIndex)),
        )
        .then((rows) => {
          const steps: SupplySteps = [];
          let supply = 0n;
          for (const r of rows) {
            supply += r.from === zeroAddress ? r.value : -r.value;
            if (steps.at(-1)?.block === r.block) steps.at(-1)!.supply = supply;
            else steps.push({ block: r.block, supply });
          }
          return steps;
        });
      return supplySteps;
    },
  };
}

