/**
 * Inferences with their whole attribution trail as of a block: the recorded inference, its
 * attribution, every reward, the fee split, and challenges opened and resolved.
 */
import { and, eq, inArray, lte } from "ponder";
import type { SQL } from "drizzle-orm";
import type { Address } from "viem";
import { attributionShare, challenge, challengeEvent, feeDistribution, inference, reward } from "../../../schema/attribution.js";
import type { Fact } from "../facts.js";
import { attributionFact, challengeFact, feeDistributedFact, inferenceFact, rewardFact } from "./facts-from-rows.js";
import { selectable, type ReportDb } from "./report-db.js";

export type InferenceSelection = { modelId: bigint } | { inferenceId: bigint } | { caller: Address };

function selectionPredicate(selection: InferenceSelection): SQL {
  if ("modelId" in selection) return eq(inference.modelId, selection.modelId);
  if ("inferenceId" in selection) return eq(inference.id, selection.inferenceId);
  return eq(inference.caller, selection.caller.toLowerCase() as Address);
}

export type InferenceFacts = { facts: Fact[]; runIds: bigint[]; modelIds: bigint[]; count: number };

export async function readInferenceFacts(db: ReportDb, selection: InferenceSelection, asOf: bigint): Promise<InferenceFacts> {
  const q = selectable(db);
  const selected = and(selectionPredicate(selection), lte(inference.blockNumber, asOf))!;
  const ids = q.select({ id: inference.id }).from(inference).where(selected);
  const [inferences, shares, rewards, fees, events, challenges] = await Promise.all([
    q.select().from(inference).where(selected),
    q.select().from(attributionShare).where(and(inArray(attributionShare.inferenceId, ids), lte(attributionShare.blockNumber, asOf))),
    q.select().from(reward).where(and(inArray(reward.inferenceId, ids), lte(reward.blockNumber, asOf))),
    q.select().from(feeDistribution).where(and(inArray(feeDistribution.inferenceId, ids), lte(feeDistribution.blockNumber, asOf))),
    q.select().from(challengeEvent).where(and(inArray(challengeEvent.inferenceId, ids), lte(challengeEvent.blockNumber, asOf))),
    q.select().from(challenge).where(and(inArray(challenge.inferenceId, ids), lte(challenge.blockNumber, asOf))),
  ]);
  const sharesByLog = new Map<string, (typeof shares)[number][]>();
  for (const share of shares) {
    const key = `${share.transactionHash}-${share.logIndex}`;
    const list = sharesByLog.get(key);
    if (list) list.push(share);
    else sharesByLog.set(key, [share]);
  }
  const challengeById = new Map(challenges.map((c) => [c.id, c]));
  const facts: Fact[] = [
    ...inferences.map(inferenceFact),
    ...[...sharesByLog.values()].map(attributionFact),
    ...rewards.map(rewardFact),
    ...fees.map(feeDistributedFact),
    ...events.map((e) => challengeFact(e, challengeById.get(e.challengeId))),
  ];
  return {
    facts,
    runIds: [...new Set(inferences.map((i) => i.runId))],
    modelIds: [...new Set(inferences.map((i) => i.modelId))],
    count: inferences.length,
  };
}

/** Rewards paid to an account (its contributions' earnings), as of a block. */
export async function readRewardFactsTo(db: ReportDb, contributor: Address, asOf: bigint): Promise<Fact[]> {
  const rows = await selectable(db)
    .select()
    .from(reward)
    .where(and(eq(reward.contributor, contributor.toLowerCase() as Address), lte(reward.blockNumber, asOf)));
  return rows.map(rewardFact);
}
