/**
 * AttributionEngine: inferences, attribution claims and their shares, rewards, fee splits,
 * challenges, and the engine's parameters. Keeps the per-contribution and per-model figures.
 */
import { ponder } from "ponder:registry";
import { contribution } from "../schema/datanets.js";
import { model, modelContributor } from "../schema/models.js";
import { attribution, attributionShare, challenge, challengeEvent, feeDistribution, inference, reward } from "../schema/attribution.js";
import { evidenceOf, eventRowId, recordAnomaly } from "./evidence.js";
import { parameterKeyName, recordAdminEvent, recordParameterChange } from "./parameters.js";

ponder.on("AttributionEngine:InferenceRecorded", async ({ event, context }) => {
  const evidence = evidenceOf(context.chain.id, event);
  const { inferenceId, modelId, adapterId, runId, caller, inputHash, outputHash, fee } = event.args;
  await context.db.insert(inference).values({
    id: inferenceId,
    modelId,
    adapterId,
    runId,
    caller,
    inputHash,
    outputHash,
    fee,
    contributionCount: 0,
    challengeCount: 0,
    ...evidence,
  });
  const m = await context.db.find(model, { id: modelId });
  if (!m) {
    await recordAnomaly(context.db, evidence, event, { kind: "unknown_model", eventName: "InferenceRecorded", details: { inferenceId, modelId } });
    return;
  }
  await context.db
    .update(model, { id: modelId })
    .set({ inferenceCount: m.inferenceCount + 1, feesTotal: m.feesTotal + fee, updatedBlock: evidence.blockNumber });
});

ponder.on("AttributionEngine:AttributionRecorded", async ({ event, context }) => {
  const evidence = evidenceOf(context.chain.id, event);
  const { inferenceId, methodId, contributionIds, weightsPpm } = event.args;
  const rowId = eventRowId(evidence);
  const total = weightsPpm.reduce((sum, w) => sum + w, 0);
  await context.db.insert(attribution).values({
    id: rowId,
    inferenceId,
    methodId,
    contributionCount: contributionIds.length,
    totalWeightPpm: total,
    ...evidence,
  });
  if (contributionIds.length !== weightsPpm.length) {
    await recordAnomaly(context.db, evidence, event, {
      kind: "weights_length_mismatch",
      eventName: "AttributionRecorded",
      details: { inferenceId, contributions: contributionIds.length, weights: weightsPpm.length },
    });
  }
  const inf = await context.db.find(inference, { id: inferenceId });
  if (!inf) {
    await recordAnomaly(context.db, evidence, event, { kind: "unknown_inference", eventName: "AttributionRecorded", details: { inferenceId } });
  } else {
    await context.db.update(inference, { id: inferenceId }).set({ methodId, contributionCount: contributionIds.length });
  }
  // One share per distinct contribution. The reference contract rejects duplicates; another
  // chain's might not, so a repeat is an anomaly rather than a second share. Knowing the ids are
  // unique lets the shares go in as one plain insert: on Postgres Ponder then reads nothing back.
  const seen = new Set<bigint>();
  const shares: (typeof attributionShare.$inferInsert)[] = [];
  for (const [position, contributionId] of contributionIds.entries()) {
    if (seen.has(contributionId)) {
      await recordAnomaly(context.db, evidence, event, {
        kind: "duplicate_contribution_in_attribution",
        eventName: "AttributionRecorded",
        subject: contributionId,
        details: { inferenceId, contributionId, position },
      });
      continue;
    }
    seen.add(contributionId);
    shares.push({ id: `${rowId}-${contributionId}`, inferenceId, contributionId, methodId, weightPpm: weightsPpm[position] ?? 0, position, ...evidence });
  }
  if (shares.length > 0) await context.db.insert(attributionShare).values(shares);
  for (const { contributionId } of shares) {
    const c = await context.db.find(contribution, { id: contributionId });
    if (!c) {
      await recordAnomaly(context.db, evidence, event, {
        kind: "unknown_contribution",
        eventName: "AttributionRecorded",
        subject: contributionId,
        details: { inferenceId, contributionId },
      });
      continue;
    }
    if (c.status === "withdrawn") {
      await recordAnomaly(context.db, evidence, event, {
        kind: "withdrawn_contribution_attributed",
        eventName: "AttributionRecorded",
        subject: contributionId,
        details: { inferenceId, contributionId },
      });
    }
    await context.db.update(contribution, { id: contributionId }).set({ inferencesAttributed: c.inferencesAttributed + 1, updatedBlock: evidence.blockNumber });
  }
});

ponder.on("AttributionEngine:RewardPaid", async ({ event, context }) => {
  const evidence = evidenceOf(context.chain.id, event);
  const { inferenceId, contributionId, contributor, amount } = event.args;
  const inf = await context.db.find(inference, { id: inferenceId });
  await context.db.insert(reward).values({
    id: eventRowId(evidence),
    inferenceId,
    contributionId,
    contributor,
    amount,
    modelId: inf?.modelId ?? null,
    ...evidence,
  });
  const c = await context.db.find(contribution, { id: contributionId });
  if (!c) {
    await recordAnomaly(context.db, evidence, event, { kind: "unknown_contribution", eventName: "RewardPaid", subject: contributionId, details: { inferenceId, contributionId } });
  } else {
    await context.db
      .update(contribution, { id: contributionId })
      .set({ rewardsEarned: c.rewardsEarned + amount, rewardCount: c.rewardCount + 1, updatedBlock: evidence.blockNumber });
  }
  if (!inf) {
    await recordAnomaly(context.db, evidence, event, { kind: "unknown_inference", eventName: "RewardPaid", details: { inferenceId, contributionId } });
    return;
  }
  // "Distinct contributors paid": contributors who received a non-zero reward from the model.
  // One upsert per reward; a row whose count is 1 afterwards was just created.
  if (amount === 0n) return;
  const paid = await context.db
    .insert(modelContributor)
    .values({ id: `${inf.modelId}-${contributor}`, modelId: inf.modelId, contributor, rewardsTotal: amount, rewardCount: 1, ...evidence })
    .onConflictDoUpdate((row) => ({ rewardsTotal: row.rewardsTotal + amount, rewardCount: row.rewardCount + 1 }));
  if (paid.rewardCount !== 1) return;
  const m = await context.db.find(model, { id: inf.modelId });
  if (m) await context.db.update(model, { id: inf.modelId }).set({ distinctContributorsPaid: m.distinctContributorsPaid + 1 });
});

ponder.on("AttributionEngine:FeeDistributed", async ({ event, context }) => {
  const evidence = evidenceOf(context.chain.id, event);
  const { inferenceId, modelOwner, protocolAmount, modelOwnerAmount, contributorsAmount } = event.args;
  await context.db.insert(feeDistribution).values({ id: eventRowId(evidence), inferenceId, modelOwner, protocolAmount, modelOwnerAmount, contributorsAmount, ...evidence });
  if (!(await context.db.find(inference, { id: inferenceId }))) {
    await recordAnomaly(context.db, evidence, event, { kind: "unknown_inference", eventName: "FeeDistributed", details: { inferenceId } });
    return;
  }
  await context.db.update(inference, { id: inferenceId }).set({ modelOwner, protocolAmount, modelOwnerAmount, contributorsAmount });
});

ponder.on("AttributionEngine:ChallengeOpened", async ({ event, context }) => {
  const evidence = evidenceOf(context.chain.id, event);
  const { challengeId, inferenceId, challenger, bond, reason } = event.args;
  await context.db.insert(challengeEvent).values({ id: eventRowId(evidence), challengeId, inferenceId, kind: "opened", actor: challenger, upheld: null, text: reason, ...evidence });
  await context.db.insert(challenge).values({ id: challengeId, inferenceId, challenger, bond, reason, resolved: false, ...evidence }).onConflictDoNothing();
  const inf = await context.db.find(inference, { id: inferenceId });
  if (!inf) {
    await recordAnomaly(context.db, evidence, event, { kind: "unknown_inference", eventName: "ChallengeOpened", details: { challengeId, inferenceId } });
    return;
  }
  await context.db.update(inference, { id: inferenceId }).set({ challengeCount: inf.challengeCount + 1 });
});

ponder.on("AttributionEngine:ChallengeResolved", async ({ event, context }) => {
  const evidence = evidenceOf(context.chain.id, event);
  const { challengeId, inferenceId, resolver, upheld, note } = event.args;
  await context.db.insert(challengeEvent).values({ id: eventRowId(evidence), challengeId, inferenceId, kind: "resolved", actor: resolver, upheld, text: note, ...evidence });
  if (!(await context.db.find(challenge, { id: challengeId }))) {
    await recordAnomaly(context.db, evidence, event, { kind: "unknown_challenge", eventName: "ChallengeResolved", details: { challengeId, inferenceId } });
    return;
  }
  await context.db.update(challenge, { id: challengeId }).set({ resolved: true, upheld, resolver, note, resolvedBlock: evidence.blockNumber });
});

ponder.on("AttributionEngine:ParameterChanged", async ({ event, context }) => {
  const evidence = evidenceOf(context.chain.id, event);
  const { key, previousValue, newValue } = event.args;
  await recordParameterChange(context.db, evidence, {
    contract: event.log.address,
    key: parameterKeyName(key),
    previousValue: previousValue.toString(),
    newValue: newValue.toString(),
  });
});

ponder.on("AttributionEngine:MethodSet", async ({ event, context }) => {
  await recordParameterChange(context.db, evidenceOf(context.chain.id, event), {
    contract: event.log.address,
    key: `methodEnabled:${event.args.methodId}`,
    previousValue: undefined,
    newValue: event.args.enabled ? "1" : "0",
  });
});

ponder.on("AttributionEngine:ResolverSet", async ({ event, context }) => {
  await recordParameterChange(context.db, evidenceOf(context.chain.id, event), {
    contract: event.log.address,
    key: `isResolver:${event.args.resolver.toLowerCase()}`,
    previousValue: undefined,
    newValue: event.args.enabled ? "1" : "0",
  });
});

ponder.on("AttributionEngine:OwnershipTransferred", async ({ event, context }) => {
  await recordAdminEvent(context.db, evidenceOf(context.chain.id, event), event.log.address, "OwnershipTransferred", event.args);
});
