/**
 * The analytics answers (analytics/queries/) as GraphQL types: one object per question's row,
 * and the sink's lag. Counts are Int, wei amounts and ids BigInt, shares Float.
 */
import type {
  AttributionConcentrationRow,
  DatanetUsageRow,
  GovernanceTurnoutRow,
  InferenceVolumeRow,
  TopContributorRow,
} from "../../../analytics/queries/index.js";
import type { SinkLagView } from "../../services.js";
import { builder } from "../builder.js";

const count = (value: number | string) => Number(value);

export const AnalyticsLagRef = builder.objectRef<SinkLagView>("AnalyticsLag").implement({
  description: "How far the analytics facts trail the indexed head (the sink's own figure, or its checkpoint as recorded).",
  fields: (t) => ({
    headBlock: t.expose("headBlock", { type: "BigInt", description: "The indexer's head the sink compared against." }),
    syncedBlock: t.expose("syncedBlock", { type: "BigInt", description: "Last block whose facts are in the analytics store." }),
    blocks: t.expose("blocks", { type: "BigInt", description: "headBlock − syncedBlock." }),
    seconds: t.exposeFloat("seconds", { description: "Block time between the two." }),
  }),
});

export const InferenceVolumeBucketRef = builder.objectRef<InferenceVolumeRow>("InferenceVolumeBucket").implement({
  fields: (t) => ({
    bucket: t.field({ type: "BigInt", description: "Start of the bucket, Unix seconds.", resolve: (r) => r.bucket }),
    modelId: t.field({ type: "BigInt", resolve: (r) => r.modelId }),
    inferences: t.int({ resolve: (r) => count(r.inferences) }),
    fees: t.field({ type: "BigInt", description: "Fees paid, wei.", resolve: (r) => r.fees }),
  }),
});

export const TopContributorRef = builder.objectRef<TopContributorRow>("TopContributor").implement({
  fields: (t) => ({
    group: t.field({ type: "BigInt", nullable: true, description: "The datanet or model ranked within (null for the overall ranking).", resolve: (r) => r.group }),
    contributor: t.field({ type: "Hex", resolve: (r) => r.contributor }),
    rewards: t.field({ type: "BigInt", description: "Rewards in the range, wei.", resolve: (r) => r.rewards }),
    rewardCount: t.int({ resolve: (r) => count(r.rewardCount) }),
    rank: t.exposeInt("rank", { description: "1 for the largest, within the group." }),
  }),
});

export const AttributionConcentrationRef = builder.objectRef<AttributionConcentrationRow>("AttributionConcentration").implement({
  fields: (t) => ({
    modelId: t.field({ type: "BigInt", resolve: (r) => r.modelId }),
    contributors: t.int({ resolve: (r) => count(r.contributors) }),
    totalRewards: t.field({ type: "BigInt", description: "Wei.", resolve: (r) => r.totalRewards }),
    topKShare: t.exposeFloat("topKShare", { description: "Share of the rewards that went to the topK largest contributors, 0 to 1." }),
    gini: t.exposeFloat("gini", { description: "Gini coefficient of the contributors' rewards, 0 (equal) to 1." }),
  }),
});

export const DatanetUsageBucketRef = builder.objectRef<DatanetUsageRow>("DatanetUsageBucket").implement({
  fields: (t) => ({
    bucket: t.field({ type: "BigInt", description: "Start of the bucket, Unix seconds.", resolve: (r) => r.bucket }),
    datanetId: t.field({ type: "BigInt", resolve: (r) => r.datanetId }),
    inferences: t.int({ description: "Inferences attributing to the datanet.", resolve: (r) => count(r.inferences) }),
    shares: t.int({ description: "Attribution shares to its contributions.", resolve: (r) => count(r.shares) }),
    weightPpm: t.field({ type: "BigInt", description: "Sum of those shares' weights, ppm.", resolve: (r) => r.weightPpm }),
    rewards: t.field({ type: "BigInt", description: "Wei.", resolve: (r) => r.rewards }),
    contributions: t.int({ description: "Contributions added to the datanet.", resolve: (r) => count(r.contributions) }),
  }),
});

export const GovernanceTurnoutRef = builder.objectRef<GovernanceTurnoutRow>("GovernanceTurnout").implement({
  fields: (t) => ({
    proposalId: t.field({ type: "BigInt", resolve: (r) => r.proposalId }),
    voters: t.int({ resolve: (r) => count(r.voters) }),
    forWeight: t.field({ type: "BigInt", resolve: (r) => r.forWeight }),
    againstWeight: t.field({ type: "BigInt", resolve: (r) => r.againstWeight }),
    abstainWeight: t.field({ type: "BigInt", resolve: (r) => r.abstainWeight }),
    totalWeight: t.field({ type: "BigInt", resolve: (r) => r.totalWeight }),
    firstVoteBlock: t.field({ type: "BigInt", resolve: (r) => r.firstVoteBlock }),
    supply: t.field({ type: "BigInt", description: "OPEN supply at the first vote, wei.", resolve: (r) => r.supply }),
    turnout: t.exposeFloat("turnout", { description: "totalWeight / supply." }),
  }),
});
