/** Model: a registered model, its training lineage, adapters, inferences, fees and consent flag. */
import { builder } from "../builder.js";
import { asOfValue, wrap, wrapAll } from "./at.js";
import { ModelStatusEnum } from "./enums.js";
import { EvidenceRef } from "./evidence.js";
import { AccountRef, AdapterRef, ContributionRef, InferenceRef, ModelRef, PaidContributorRef, TrainingRunRef } from "./refs.js";


type Status = "draft" | "published" | "deprecated";

/** A contribution withdrawn after a run of this model was recorded on a version holding it. */
const WithdrawnAfterTrainingRef = builder
  .objectRef<{ runId: bigint; withdrawnBlock: bigint; runBlock: bigint; contribution: Parameters<typeof wrap>[1] }>("WithdrawnAfterTraining")
  .implement({
    description: "Consent withdrawn after a training run used the contribution: the run's block is below the withdrawal's.",
    fields: (t) => ({
      runId: t.field({ type: "BigInt", resolve: (w) => w.runId }),
      runBlock: t.field({ type: "BigInt", resolve: (w) => w.runBlock }),
      withdrawnBlock: t.field({ type: "BigInt", resolve: (w) => w.withdrawnBlock }),
      contribution: t.field({ type: ContributionRef, resolve: (w) => w.contribution as never }),
    }),
  });

const VerificationSummaryRef = builder
  .objectRef<{ verified: number; flagged: number; byVerdict: { verdict: string; count: number }[]; inferences: number; unverified: number }>("VerificationSummary")
  .implement({
    description: "Replay verdicts on this model's inferences (the latest verdict per inference).",
    fields: (t) => ({
      inferences: t.exposeInt("inferences", { description: "Inferences of the model at the answered block." }),
      verified: t.exposeInt("verified"),
      flagged: t.exposeInt("flagged", { description: "Inferences whose latest verdict is not `verified`." }),
      unverified: t.exposeInt("unverified", { description: "Inferences with no verdict yet." }),
      byVerdict: t.field({
        type: [builder.objectRef<{ verdict: string; count: number }>("VerdictCount").implement({ fields: (u) => ({ verdict: u.exposeString("verdict"), count: u.exposeInt("count") }) })],
        resolve: (s) => s.byVerdict,
      }),
    }),
  });

ModelRef.implement({
  description: "A model registered on a base model, trained in runs on exact datanet versions.",
  fields: (t) => ({
    id: t.field({ type: "BigInt", resolve: (m) => m.row.id }),
    owner: t.field({ type: AccountRef, resolve: (m) => ({ row: { address: m.row.owner }, at: m.at }) }),
    name: t.string({ resolve: (m) => m.row.name }),
    baseModel: t.string({ resolve: (m) => m.row.baseModel }),
    metadataUri: t.string({ resolve: (m) => m.row.metadataUri }),
    status: t.field({
      type: ModelStatusEnum,
      description: "At the answered block: the latest ModelStatusChanged up to it (draft before any).",
      resolve: (m) => asOfValue(m, (r) => r.status as Status, async () => (await m.at.loaders.models.modelStatus.load(m.row.id)) as Status),
    }),
    runCount: t.int({ resolve: (m) => asOfValue(m, (r) => r.runCount, async () => (await m.at.loaders.models.modelCounters.load(m.row.id)).runCount) }),
    adapterCount: t.int({ resolve: (m) => asOfValue(m, (r) => r.adapterCount, async () => (await m.at.loaders.models.modelCounters.load(m.row.id)).adapterCount) }),
    inferenceCount: t.int({ resolve: (m) => asOfValue(m, (r) => r.inferenceCount, async () => (await m.at.loaders.models.modelCounters.load(m.row.id)).inferenceCount) }),
    feesTotal: t.field({
      type: "BigInt",
      description: "Sum of the fees of its InferenceRecorded events up to the answered block (wei).",
      resolve: (m) => asOfValue(m, (r) => r.feesTotal, async () => (await m.at.loaders.models.modelCounters.load(m.row.id)).feesTotal),
    }),
    distinctContributorsPaid: t.int({
      description: "Contributors paid a non-zero RewardPaid from this model's inferences up to the answered block.",
      resolve: (m) => asOfValue(m, (r) => r.distinctContributorsPaid, async () => (await m.at.loaders.models.modelCounters.load(m.row.id)).distinctContributorsPaid),
    }),
    trainedOnWithdrawnData: t.boolean({
      description: "Some run of this model used a contribution whose consent was withdrawn (before or after the run) by the answered block.",
      resolve: (m) =>
        asOfValue(m, (r) => r.trainedOnWithdrawnData, async () => {
          const runs = await m.at.loaders.models.runsByModel.load(m.row.id);
          const withdrawals = await m.at.loaders.models.withdrawalsByRun.loadMany(runs.map((r) => r.id));
          return withdrawals.some((w) => Array.isArray(w) && w.length > 0);
        }),
    }),
    latestRun: t.field({
      type: TrainingRunRef,
      nullable: true,
      resolve: async (m) => {
        const id = await asOfValue(m, (r) => r.latestRunId, async () => (await m.at.loaders.models.modelCounters.load(m.row.id)).latestRunId);
        return id === null ? null : wrap(m.at, (await m.at.loaders.models.trainingRun.load(id))!);
      },
    }),
    trainingRuns: t.field({ type: [TrainingRunRef], resolve: async (m) => wrapAll(m.at, await m.at.loaders.models.runsByModel.load(m.row.id)) }),
    adapters: t.field({ type: [AdapterRef], resolve: async (m) => wrapAll(m.at, await m.at.loaders.models.adaptersByModel.load(m.row.id)) }),
    inferences: t.field({
      type: [InferenceRef],
      description: "Every inference of the model by the answered block, in chain order (use Query.inferences(filter: { model }) to page).",
      resolve: async (m) => wrapAll(m.at, await m.at.loaders.attribution.inferencesByModel.load(m.row.id)),
    }),
    contributorsPaid: t.field({
      type: [PaidContributorRef],
      description: "Contributors paid from this model's inferences, with their totals, by the answered block.",
      resolve: async (m) => (await m.at.loaders.models.paidContributorsByModel.load(m.row.id)).map((p) => wrap(m.at, { ...p, modelId: m.row.id })),
    }),
    withdrawnAfterTraining: t.field({
      type: [WithdrawnAfterTrainingRef],
      description: "Contributions whose consent was withdrawn after a run of this model was trained on them (by the answered block).",
      resolve: async (m) => {
        const runs = await m.at.loaders.models.runsByModel.load(m.row.id);
        const out = [];
        for (const run of runs) {
          for (const w of await m.at.loaders.models.withdrawalsByRun.load(run.id)) {
            if (w.withdrawnBlock <= run.blockNumber) continue;
            const c = await m.at.loaders.datanets.contribution.load(w.contributionId);
            if (c) out.push({ runId: run.id, runBlock: run.blockNumber, withdrawnBlock: w.withdrawnBlock, contribution: wrap(m.at, c) });
          }
        }
        return out;
      },
    }),
    verificationSummary: t.field({
      type: VerificationSummaryRef,
      nullable: true,
      description: "Null when no verdict store is reachable from this API process.",
      resolve: async (m, _args, ctx) => {
        const reader = await ctx.services.verdicts?.();
        if (!reader) return null;
        const inferences = await m.at.loaders.attribution.inferencesByModel.load(m.row.id);
        const verdicts = await reader.verdictsForInferences(inferences.map((i) => i.id));
        const latest = new Map<string, string>();
        for (const v of [...verdicts].sort((a, b) => a.verifiedAt.getTime() - b.verifiedAt.getTime())) latest.set(v.inferenceId.toString(), v.verdict);
        const byVerdict = new Map<string, number>();
        for (const v of latest.values()) byVerdict.set(v, (byVerdict.get(v) ?? 0) + 1);
        const verified = byVerdict.get("verified") ?? 0;
        return {
          inferences: inferences.length,
          verified,
          flagged: latest.size - verified,
          unverified: inferences.length - latest.size,
          byVerdict: [...byVerdict].map(([verdict, count]) => ({ verdict, count })).sort((a, b) => a.verdict.localeCompare(b.verdict)),
        };
      },
    }),
    evidence: t.field({ type: EvidenceRef, description: "ModelRegistered.", resolve: (m) => m.row }),
  }),
});

PaidContributorRef.implement({
  fields: (t) => ({
    account: t.field({ type: AccountRef, resolve: (p) => ({ row: { address: p.row.contributor }, at: p.at }) }),
    rewardsTotal: t.field({ type: "BigInt", resolve: (p) => p.row.rewardsTotal }),
    rewardCount: t.int({ resolve: (p) => p.row.rewardCount }),
  }),
});
