/**
 * Governance turnout per proposal: voters and weight for / against / abstain among votes cast
 * in the range, and the share of the token supply that voted. The supply is the OPEN minted
 * minus burned up to the proposal's first vote (ERC20Votes' quorum uses the supply at the
 * vote start snapshot; no mint happens between the two in the reference protocol).
 */
import type { AnalyticsStore } from "../store/store.js";
import { checkRange, wei, type TimeRange } from "./time-range.js";

export type GovernanceTurnoutParameters = { range: TimeRange; proposalIds?: (string | bigint)[] };
export type GovernanceTurnoutRow = {
  proposalId: string;
  voters: number;
  forWeight: string;
  againstWeight: string;
  abstainWeight: string;
  totalWeight: string;
  firstVoteBlock: string;
  supply: string;
  /** totalWeight / supply. */
  turnout: number;
};

const ZERO = "0x0000000000000000000000000000000000000000";

/** Supply at each block from mint/burn events, and turnout as a ratio. Pure. */
export function supplyAt(changes: readonly { block: bigint; delta: bigint }[], block: bigint): bigint {
  let supply = 0n;
  for (const c of changes) if (c.block <= block) supply += c.delta;
  return supply;
}

export async function governanceTurnout(store: AnalyticsStore, p: GovernanceTurnoutParameters): Promise<GovernanceTurnoutRow[]> {
  const range = checkRange(p.range);
  const proposals = (p.proposalIds ?? []).map((id) => BigInt(id).toString());
  const votes = await store.query<{ proposal_id: string; voters: number | string; w_for: unknown; w_against: unknown; w_abstain: unknown; w_total: unknown; first_block: number | string }>(
    `SELECT proposal_id, uniqExact(voter) AS voters, sumIf(weight, support = 1) AS w_for, sumIf(weight, support = 0) AS w_against, sumIf(weight, support = 2) AS w_abstain, sum(weight) AS w_total, min(block_number) AS first_block
     FROM (SELECT block_timestamp, proposal_id, voter, support, weight, block_number, deleted FROM fact_vote FINAL WHERE block_timestamp >= {from:DateTime} AND block_timestamp < {to:DateTime})
     WHERE deleted = 0 AND (length({proposals:Array(String)}) = 0 OR has({proposals:Array(String)}, proposal_id))
     GROUP BY proposal_id ORDER BY first_block, proposal_id`,
    { from: range.from, to: range.to, proposals },
  );
  if (votes.length === 0) return [];
  const last = votes.reduce((m, v) => (BigInt(v.first_block) > m ? BigInt(v.first_block) : m), 0n);
  const mintsAndBurns = await store.query<{ b: number | string; plus: unknown; minus: unknown }>(
    `SELECT block_number AS b, sumIf(value, from_address = {zero:String}) AS plus, sumIf(value, to_address = {zero:String}) AS minus
     FROM (SELECT block_number, from_address, to_address, value, deleted FROM fact_token_transfer FINAL)
     WHERE deleted = 0 AND block_number <= {last:UInt64} AND (from_address = {zero:String} OR to_address = {zero:String})
     GROUP BY b`,
    { zero: ZERO, last },
  );
  const changes = mintsAndBurns.map((m) => ({ block: BigInt(m.b), delta: BigInt(wei(m.plus)) - BigInt(wei(m.minus)) }));
  return votes.map((v) => {
    const supply = supplyAt(changes, BigInt(v.first_block));
    const total = BigInt(wei(v.w_total));
    return {
      proposalId: v.proposal_id,
      voters: Number(v.voters),
      forWeight: wei(v.w_for),
      againstWeight: wei(v.w_against),
      abstainWeight: wei(v.w_abstain),
      totalWeight: total.toString(),
      firstVoteBlock: String(v.first_block),
      supply: supply.toString(),
      turnout: supply === 0n ? 0 : Number((total * 1_000_000n) / supply) / 1_000_000,
    };
  });
}
