/** Challenge: a dispute of an attribution claim and its resolution as of the answered block. */
import { asOfValue, wrap } from "./at.js";
import { EvidenceRef } from "./evidence.js";
import { AccountRef, ChallengeRef, InferenceRef } from "./refs.js";

ChallengeRef.implement({
  description: "A ChallengeOpened against an inference's attribution, resolved by a later ChallengeResolved.",
  fields: (t) => ({
    id: t.field({ type: "BigInt", resolve: (c) => c.row.id }),
    challenger: t.field({ type: AccountRef, resolve: (c) => ({ row: { address: c.row.challenger }, at: c.at }) }),
    bond: t.field({ type: "BigInt", resolve: (c) => c.row.bond }),
    reason: t.string({ resolve: (c) => c.row.reason }),
    resolved: t.boolean({ resolve: (c) => asOfValue(c, (r) => r.resolved, async () => (await c.at.loaders.attribution.challengeState.load(c.row.id)).resolved) }),
    upheld: t.boolean({ nullable: true, resolve: (c) => asOfValue(c, (r) => r.upheld, async () => (await c.at.loaders.attribution.challengeState.load(c.row.id)).upheld) }),
    resolver: t.field({ type: "Hex", nullable: true, resolve: (c) => asOfValue(c, (r) => r.resolver, async () => (await c.at.loaders.attribution.challengeState.load(c.row.id)).resolver as `0x${string}` | null) }),
    note: t.string({ nullable: true, resolve: (c) => asOfValue(c, (r) => r.note, async () => (await c.at.loaders.attribution.challengeState.load(c.row.id)).note) }),
    resolvedBlock: t.field({ type: "BigInt", nullable: true, resolve: (c) => asOfValue(c, (r) => r.resolvedBlock, async () => (await c.at.loaders.attribution.challengeState.load(c.row.id)).resolvedBlock) }),
    inference: t.field({ type: InferenceRef, nullable: true, resolve: async (c) => { const i = await c.at.loaders.attribution.inference.load(c.row.inferenceId); return i ? wrap(c.at, i) : null; } }),
    evidence: t.field({ type: EvidenceRef, description: "ChallengeOpened.", resolve: (c) => c.row }),
  }),
});
