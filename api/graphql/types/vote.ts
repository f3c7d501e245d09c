/** Vote: a VoteCast on a proposal. */
import { wrap } from "./at.js";
import { VoteSupportEnum } from "./enums.js";
import { EvidenceRef } from "./evidence.js";
import { AccountRef, ProposalRef, VoteRef } from "./refs.js";

const SUPPORT = ["against", "for", "abstain"] as const;

VoteRef.implement({
  fields: (t) => ({
    voter: t.field({ type: AccountRef, resolve: (v) => ({ row: { address: v.row.voter }, at: v.at }) }),
    support: t.field({ type: VoteSupportEnum, resolve: (v) => SUPPORT[v.row.support] ?? "abstain" }),
    weight: t.field({ type: "BigInt", resolve: (v) => v.row.weight }),
    reason: t.string({ resolve: (v) => v.row.reason }),
    proposal: t.field({ type: ProposalRef, nullable: true, resolve: async (v) => { const p = await v.at.loaders.governance.proposal.load(v.row.proposalId); return p ? wrap(v.at, p) : null; } }),
    evidence: t.field({ type: EvidenceRef, resolve: (v) => v.row }),
  }),
});
