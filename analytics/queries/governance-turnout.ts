/**
 * Governance turnout per proposal: voters and weight for / against / abstain among votes cast
 * in the range, and the share of the token supply that voted. The supply is the OPEN minted
 * minus burned up to the proposal's first vote (ERC20Votes' quorum uses the supply at the
 * vote start snapshot; no mint happens between the two in the reference protocol).
 */
import type { AnalyticsStore } from "../store/store.js";
import { checkRange, inTimeRange, wei, type TimeRange } from "./time-range.js";

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

/** Supply at a block from the mint/burn changes. Pure. */
export function supplyAt(changes: readonly { block: bigint; delta: bigint }[], block: bigint): bigint {
  let supply = 0n;
  for (const c of changes) if (c.block <= block) supply += c.delta;
  return supply;
}

type TurnoutRow = { kind: "supply" | "vote"; proposal_id: string; voters: number | string; w_for: unknown; w_against: unknown; w_abstain: unknown; w_total: unknown; block: number | string };

export async function governanceTurnout(store: AnalyticsStore, p: GovernanceTurnoutParameters): Promise<GovernanceTurnoutRow[]> {
  const range = checkRange(p.range);
  const proposals = (p.proposalIds ?? []).map((id) => BigInt(id).toString());
  // One round trip: the votes per proposal and, under the same columns, the few blocks that
  // minted (w_for) or burned (w_against) OPEN, from the supply rollup rather than a scan of
  // every transfer. (A UNION rather than an array of tuples: ClickHouse 18.16 crashes on
  // arrays of Decimal.) Each proposal's supply is summed here.
  const rows = await store.query<TurnoutRow>(
    `SELECT kind, proposal_id, voters, w_for, w_against, w_abstain, w_total, block FROM (
       SELECT 'vote' AS kind, proposal_id, uniqExact(voter) AS voters, sumIf(weight, support = 1) AS w_for, sumIf(weight, support = 0) AS w_against, sumIf(weight, support = 2) AS w_abstain, sum(weight) AS w_total, min(block_number) AS block
       FROM (SELECT block_timestamp, proposal_id, voter, support, weight, block_number, deleted FROM fact_vote FINAL WHERE ${inTimeRange("block_timestamp")})
       WHERE deleted = 0${proposals.length ? " AND has({proposals:Array(String)}, proposal_id)" : ""}
       GROUP BY proposal_id
       UNION ALL
       SELECT 'supply', '', toUInt64(0), minted, burned, toDecimal128(0, 0), toDecimal128(0, 0), block_number
       FROM (SELECT block_number, minted, burned, deleted FROM rollup_supply_block FINAL) WHERE deleted = 0
     )
     ORDER BY kind, block, proposal_id`,
    { from: range.from, to: range.to, proposals },
  );
  const changes = rows.filter((r) => r.kind === "supply").map((r) => ({ block: BigInt(r.block), delta: BigInt(wei(r.w_for)) - BigInt(wei(r.w_against)) }));
  const votes = rows.filter((r) => r.kind === "vote");
  return votes.map((v) => {
    const supply = supplyAt(changes, BigInt(v.block));
    const total = BigInt(wei(v.w_total));
    return {
      proposalId: v.proposal_id,
      voters: Number(v.voters),
      forWeight: wei(v.w_for),
      againstWeight: wei(v.w_against),
      abstainWeight: wei(v.w_abstain),
      totalWeight: total.toString(),
      firstVoteBlock: String(v.block),
      supply: supply.toString(),
      turnout: supply === 0n ? 0 : Number((total * 1_000_000n) / supply) / 1_000_000,
    };
  });
}
