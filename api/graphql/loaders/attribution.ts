/** Proof-of-Attribution loaders: inferences, shares, rewards, fee splits, challenges. */
import DataLoader from "dataloader";

import { attribution, attributionShare, challenge, challengeEvent, feeDistribution, inference, reward } from "../../../schema/attribution.js";
import type { SqlRunner } from "../read-db.js";
import { rowsByColumn, rowsById } from "./rows.js";

export type InferenceRow = typeof inference.$inferSelect;
export type ChallengeRow = typeof challenge.$inferSelect;

/** A challenge's resolution at the answered block, from its history. */
export type ChallengeState = { resolved: boolean; upheld: boolean | null; resolver: string | null; note: string | null; resolvedBlock: bigint | null };

export function createAttributionLoaders(sql: SqlRunner, block: bigint) {
  const eventsByChallenge = rowsByColumn<typeof challengeEvent, bigint>(sql, challengeEvent, challengeEvent.challengeId, block);
  return {
    inference: rowsById<typeof inference, bigint>(sql, inference, block),
    challenge: rowsById<typeof challenge, bigint>(sql, challenge, block),
    inferencesByModel: rowsByColumn<typeof inference, bigint>(sql, inference, inference.modelId, block),
    inferencesByRun: rowsByColumn<typeof inference, bigint>(sql, inference, inference.runId, block),
    inferencesByAdapter: rowsByColumn<typeof inference, bigint>(sql, inference, inference.adapterId, block),
    inferencesByCaller: rowsByColumn<typeof inference, string>(sql, inference, inference.caller, block),
    attributionsByInference: rowsByColumn<typeof attribution, bigint>(sql, attribution, attribution.inferenceId, block),
    sharesByInference: rowsByColumn<typeof attributionShare, bigint>(sql, attributionShare, attributionShare.inferenceId, block),
    sharesByContribution: rowsByColumn<typeof attributionShare, bigint>(sql, attributionShare, attributionShare.contributionId, block),
    rewardsByInference: rowsByColumn<typeof reward, bigint>(sql, reward, reward.inferenceId, block),
    rewardsByContribution: rowsByColumn<typeof reward, bigint>(sql, reward, reward.contributionId, block),
    rewardsByContributor: rowsByColumn<typeof reward, string>(sql, reward, reward.contributor, block),
    feesByInference: rowsByColumn<typeof feeDistribution, bigint>(sql, feeDistribution, feeDistribution.inferenceId, block),
    challengesByInference: rowsByColumn<typeof challenge, bigint>(sql, challenge, challenge.inferenceId, block),
    eventsByChallenge,
    challengeState: new DataLoader<bigint, ChallengeState, string>(
      async (ids) =>
        Promise.all(
          ids.map(async (id) => {
            const resolvedEvent = (await eventsByChallenge.load(id)).find((e) => e.kind === "resolved");
            return resolvedEvent
              ? { resolved: true, upheld: resolvedEvent.upheld ?? null, resolver: resolvedEvent.actor, note: resolvedEvent.text, resolvedBlock: resolvedEvent.blockNumber }
              : { resolved: false, upheld: null, resolver: null, note: null, resolvedBlock: null };
          }),
        ),
      { cacheKeyFn: String },
    ),
  };
}

