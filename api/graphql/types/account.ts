/**
 * Account: any address (contributor, voter, caller, owner). Every valid address answers: one
 * the chain has never seen holds zero of everything, so `account(address)` is never NOT_FOUND.
 */
import { builder } from "../builder.js";
import type { TokenState } from "../loaders/token.js";
import type { At } from "../context.js";
import { present, wrapAll } from "./at.js";
import { ContributionStatusEnum } from "./enums.js";
import { AccountRef, ContributionRef, InferenceRef, ModelRef, RewardRef, VoteRef } from "./refs.js";

type Status = "pending" | "accepted" | "rejected" | "withdrawn";

async function tokenState(a: At<{ address: `0x${string}` }>): Promise<TokenState> {
  if (a.at.block.atHead) {
    const row = await a.at.loaders.token.account.load(a.row.address);
    return { balance: row?.balance ?? 0n, transferCount: row?.transferCount ?? 0, delegate: row?.delegate ?? null, votes: row?.votes ?? 0n };
  }
  return a.at.loaders.token.tokenState.load(a.row.address);
}

const StatusCountRef = builder.objectRef<{ status: Status; count: number }>("ContributionStatusCount").implement({
  fields: (t) => ({ status: t.field({ type: ContributionStatusEnum, resolve: (s) => s.status }), count: t.exposeInt("count") }),
});

async function contributionsOf(a: At<{ address: `0x${string}` }>) {
  return a.at.loaders.datanets.contributionsByContributor.load(a.row.address);
}

AccountRef.implement({
  description: "An address: its OPEN balance and votes, its contributions, rewards, models, inferences and votes.",
  fields: (t) => ({
    address: t.field({ type: "Hex", resolve: (a) => a.row.address }),
    balance: t.field({ type: "BigInt", description: "OPEN balance (sum of Transfers in minus out).", resolve: async (a) => (await tokenState(a)).balance }),
    votingPower: t.field({ type: "BigInt", description: "Votes delegated to it (its latest DelegateVotesChanged).", resolve: async (a) => (await tokenState(a)).votes }),
    delegate: t.field({ type: "Hex", nullable: true, description: "Whom it delegates to (its latest DelegateChanged).", resolve: async (a) => (await tokenState(a)).delegate }),
    transferCount: t.int({ resolve: async (a) => (await tokenState(a)).transferCount }),
    contributions: t.field({
      type: [ContributionRef],
      args: { status: t.arg({ type: ContributionStatusEnum, required: false }) },
      resolve: async (a, args) => {
        const rows = await contributionsOf(a);
        if (!args.status) return wrapAll(a.at, rows);
        const wanted = args.status;
        const statuses = a.at.block.atHead ? rows.map((r) => r.status) : (await a.at.loaders.datanets.contributionState.loadMany(rows.map((r) => r.id))).map((s) => (s instanceof Error ? "" : s.status));
        return wrapAll(a.at, rows.filter((_, i) => statuses[i] === wanted));
      },
    }),
    contributionsByStatus: t.field({
      type: [StatusCountRef],
      resolve: async (a) => {
        const rows = await contributionsOf(a);
        const statuses = a.at.block.atHead ? rows.map((r) => r.status) : (await a.at.loaders.datanets.contributionState.loadMany(rows.map((r) => r.id))).map((s) => (s instanceof Error ? "" : s.status));
        const counts = new Map<string, number>();
        for (const s of statuses) counts.set(s, (counts.get(s) ?? 0) + 1);
        return (["pending", "accepted", "rejected", "withdrawn"] as const).map((status) => ({ status, count: counts.get(status) ?? 0 }));
      },
    }),
    rewards: t.field({ type: [RewardRef], resolve: async (a) => wrapAll(a.at, await a.at.loaders.attribution.rewardsByContributor.load(a.row.address)) }),
    rewardsEarned: t.field({
      type: "BigInt",
      description: "Sum of the RewardPaid amounts it received by the answered block.",
      resolve: async (a) => (await a.at.loaders.attribution.rewardsByContributor.load(a.row.address)).reduce((s, r) => s + r.amount, 0n),
    }),
    modelsOwned: t.field({ type: [ModelRef], resolve: async (a) => wrapAll(a.at, await a.at.loaders.models.modelsByOwner.load(a.row.address)) }),
    modelsTrainedOnTheirData: t.field({
      type: [ModelRef],
      description: "Models with a training run on a datanet version holding one of its contributions.",
      resolve: async (a) => {
        const contributions = await contributionsOf(a);
        const memberships = present(await a.at.loaders.datanets.versionsByContribution.loadMany(contributions.map((c) => c.id))).flat();
        const versionKeys = new Set(memberships.map((m) => `${m.datanetId}-${m.version}`));
        const datasets = present(await a.at.loaders.models.datasetsByDatanet.loadMany([...new Set(memberships.map((m) => m.datanetId))])).flat();
        const modelIds = [...new Set(datasets.filter((d) => versionKeys.has(`${d.datanetId}-${d.version}`)).map((d) => d.modelId))].sort((x, y) => (x < y ? -1 : 1));
        return wrapAll(a.at, present(await a.at.loaders.models.model.loadMany(modelIds)));
      },
    }),
    inferencesAttributed: t.field({
      type: [InferenceRef],
      description: "Inferences whose attribution names one of its contributions.",
      resolve: async (a) => {
        const contributions = await contributionsOf(a);
        const shares = present(await a.at.loaders.attribution.sharesByContribution.loadMany(contributions.map((c) => c.id))).flat();
        const ids = [...new Set(shares.map((s) => s.inferenceId))].sort((x, y) => (x < y ? -1 : 1));
        return wrapAll(a.at, present(await a.at.loaders.attribution.inference.loadMany(ids)));
      },
    }),
    inferencesCalled: t.field({ type: [InferenceRef], resolve: async (a) => wrapAll(a.at, await a.at.loaders.attribution.inferencesByCaller.load(a.row.address)) }),
    votes: t.field({ type: [VoteRef], resolve: async (a) => wrapAll(a.at, await a.at.loaders.governance.votesByVoter.load(a.row.address)) }),
  }),
});
