/**
 * Subscriptions, served over SSE (GraphQL over Server-Sent Events: `Accept: text/event-stream`):
 * - `inferences(modelId, flaggedOnly)`: inferences of a model indexed after subscribing; with
 *   flaggedOnly, an inference of the model once a verdict other than `verified` is written on it.
 * - `verdicts(modelId, flaggedOnly)`: verdicts written after subscribing.
 * Each polls from the last item it delivered (poller.ts): the inference table by id, the verdict
 * store by write order. Items are read at the indexed head of their round.
 *
 * Known gap: write order is the order `seq` was drawn, not the order of commits. With several
 * workers writing at once, a verdict whose transaction commits after a later-numbered one's can
 * be passed over by a round that ran between the two commits (it is still in
 * Inference.verifications and /replay/verdicts). One in-process worker (the embedded hub)
 * writes one batch at a time, so there it cannot happen.
 */
import { and, asc, desc, eq, gt, lte } from "ponder";
import { inference } from "../../../schema/attribution.js";
import { builder } from "../builder.js";
import type { At, ProvenanceContext } from "../context.js";
import { BadUserInputError, ServiceUnavailableError } from "../errors.js";
import type { VerdictReader, VerificationRecord } from "../services/verdict-reader.js";
import { present, wrap } from "../types/at.js";
import { InferenceRef, VerificationRef } from "../types/refs.js";
import { currentHeadView } from "./head-view.js";
import { pollingSubscription, SUBSCRIPTION_PAGE } from "./poller.js";

type InferenceRow = typeof inference.$inferSelect;

async function verdictReaderOrFail(ctx: ProvenanceContext): Promise<VerdictReader> {
  const reader = await ctx.services.verdicts?.();
  if (!reader) throw new ServiceUnavailableError("no verdict store is reachable from this API process", { hint: "subscribe on the embedded hub, or give this API process DATABASE_URL" });
  return reader;
}

async function assertModelExists(ctx: ProvenanceContext, modelId: bigint): Promise<void> {
  const view = await currentHeadView(ctx);
  if (!(await view.loaders.models.model.load(modelId))) throw new BadUserInputError(`unknown model ${modelId}`, { hint: `models registered up to block ${view.block.number}` });
}

/** New inferences of a model, by id (ids are assigned on chain in order). */
function newInferences(ctx: ProvenanceContext, modelId: bigint): AsyncIterable<At<InferenceRow>> {
  return pollingSubscription<bigint, At<InferenceRow>>({
    name: "inferences",
    async start() {
      const [last] = await ctx.sql.run(ctx.sql.db.select({ id: inference.id }).from(inference).orderBy(desc(inference.id)).limit(1));
      return last?.id ?? 0n;
    },
    async poll(afterId) {
      const view = await currentHeadView(ctx);
      const rows = await ctx.sql.run(
        ctx.sql.db
          .select()
          .from(inference)
          .where(and(gt(inference.id, afterId), eq(inference.modelId, modelId), lte(inference.blockNumber, view.block.number)))
          .orderBy(asc(inference.id))
          .limit(SUBSCRIPTION_PAGE),
      );
      return { items: rows.map((r) => wrap(view, r)), next: rows.at(-1)?.id ?? afterId };
    },
  });
}

/** Inferences of a model as their first non-`verified` verdict is written. */
function newlyFlaggedInferences(ctx: ProvenanceContext, reader: VerdictReader, modelId: bigint): AsyncIterable<At<InferenceRow>> {
  const delivered = new Set<string>();
  return pollingSubscription<bigint, At<InferenceRow>>({
    name: "inferences",
    start: () => reader.lastSeq(),
    async poll(afterSeq) {
      const verdicts = await reader.verdictsAfter(afterSeq, { modelId, flaggedOnly: true }, SUBSCRIPTION_PAGE);
      const ids = [...new Set(verdicts.map((v) => v.inferenceId))].filter((id) => !delivered.has(id.toString()));
      const view = await currentHeadView(ctx);
      const rows = present(await view.loaders.attribution.inference.loadMany(ids));
      // Bounded: a claim verified again is flagged again only once per subscription.
      for (const r of rows) delivered.add(r.id.toString());
      if (delivered.size > 100_000) delivered.clear();
      return { items: rows.map((r) => wrap(view, r)), next: verdicts.at(-1)?.seq ?? afterSeq };
    },
  });
}

function newVerdicts(ctx: ProvenanceContext, reader: VerdictReader, filter: { modelId?: bigint; flaggedOnly?: boolean }): AsyncIterable<At<VerificationRecord>> {
  return pollingSubscription<bigint, At<VerificationRecord>>({
    name: "verdicts",
    start: () => reader.lastSeq(),
    async poll(afterSeq) {
      const verdicts = await reader.verdictsAfter(afterSeq, filter, SUBSCRIPTION_PAGE);
      const view = verdicts.length > 0 ? await currentHeadView(ctx) : undefined;
      return { items: view ? verdicts.map((v) => wrap(view, v)) : [], next: verdicts.at(-1)?.seq ?? afterSeq };
    },
  });
}

builder.subscriptionType({ description: "Served over SSE (GraphQL over Server-Sent Events): POST or GET /graphql with `Accept: text/event-stream`." });

builder.subscriptionField("inferences", (t) =>
  t.field({
    type: InferenceRef,
    description: "Inferences of the model indexed after subscribing, in id order. With flaggedOnly: an inference of the model when a verdict other than `verified` is written on it.",
    args: {
      modelId: t.arg({ type: "BigInt", required: true }),
      flaggedOnly: t.arg.boolean({ required: false, defaultValue: false }),
    },
    subscribe: async (_root, args, ctx) => {
      await assertModelExists(ctx, args.modelId);
      return args.flaggedOnly ? newlyFlaggedInferences(ctx, await verdictReaderOrFail(ctx), args.modelId) : newInferences(ctx, args.modelId);
    },
    resolve: (item) => item,
  }),
);

builder.subscriptionField("verdicts", (t) =>
  t.field({
    type: VerificationRef,
    description: "Replay verdicts written after subscribing, in the order written; flaggedOnly: those other than `verified`.",
    args: {
      modelId: t.arg({ type: "BigInt", required: false }),
      flaggedOnly: t.arg.boolean({ required: false, defaultValue: false }),
    },
    subscribe: async (_root, args, ctx) => {
      if (args.modelId !== null && args.modelId !== undefined) await assertModelExists(ctx, args.modelId);
      return newVerdicts(ctx, await verdictReaderOrFail(ctx), { modelId: args.modelId ?? undefined, flaggedOnly: args.flaggedOnly ?? false });
    },
    resolve: (item) => item,
  }),
);
