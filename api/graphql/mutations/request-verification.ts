/**
 * `requestVerification`: asks the replay worker to re-run claims (by inference ids, by model,
 * or by block range) and answers the job keys. Idempotent by job key: a claim already queued or
 * verified keeps its key and is not queued again (`added` counts the new ones). Needs an API key
 * (x-api-key); the input is checked against the indexed head before anything is queued.
 */
import { and, count, eq, gte, inArray, lte } from "ponder";
import { inference } from "../../../schema/attribution.js";
import { builder } from "../builder.js";
import type { ProvenanceContext } from "../context.js";
import { BadUserInputError, ServiceUnavailableError, UnauthenticatedError } from "../errors.js";
import { apiKeyOf } from "../../http/api-key.js";
import type { VerificationTarget } from "../services/verification-requester.js";

/** Claims one request may queue: a larger backfill goes through `npm run replay` or several ranges. */
export const MAX_CLAIMS_PER_REQUEST = 10_000;
/** Inference ids one request may name. */
export const MAX_INFERENCE_IDS = 1_000;

type RequestVerificationInput = { inferenceIds?: bigint[] | null; modelId?: bigint | null; fromBlock?: bigint | null; toBlock?: bigint | null };

const RequestVerificationInputRef = builder.inputRef<RequestVerificationInput>("RequestVerificationInput").implement({
  description: "Exactly one target: `inferenceIds`, or `modelId`, or a block range (`fromBlock` and/or `toBlock`, inclusive).",
  fields: (t) => ({
    inferenceIds: t.field({ type: ["BigInt"], required: false }),
    modelId: t.field({ type: "BigInt", required: false }),
    fromBlock: t.field({ type: "BigInt", required: false }),
    toBlock: t.field({ type: "BigInt", required: false }),
  }),
});

type RequestVerificationResult = { jobKeys: string[]; added: number; claims: number };

const RequestVerificationResultRef = builder.objectRef<RequestVerificationResult>("RequestVerificationResult").implement({
  fields: (t) => ({
    jobKeys: t.stringList({ description: "One per matching claim (inference id + claim hash): the verdict's `jobKey` once verified.", resolve: (r) => r.jobKeys }),
    added: t.exposeInt("added", { description: "Jobs queued by this request; the others were known already (queued or verified)." }),
    claims: t.exposeInt("claims", { description: "Matching claims (an inference whose attribution is not indexed yet is not a claim)." }),
  }),
});

function authenticate(ctx: ProvenanceContext): void {
  const key = apiKeyOf(ctx.headers);
  if (ctx.apiKeys.length === 0) throw new UnauthenticatedError("this API accepts no mutations: no API key is configured", { hint: "the operator sets API_KEYS" });
  if (key === undefined) throw new UnauthenticatedError("requestVerification needs an API key", { hint: "send it in the x-api-key header" });
  if (!ctx.apiKeys.includes(key)) throw new UnauthenticatedError("the API key is not valid", { hint: "send one of the keys the operator configured in x-api-key" });
}

/** The one target the input names, checked against the indexed head; throws BAD_USER_INPUT otherwise. */
async function targetOf(input: RequestVerificationInput, ctx: ProvenanceContext): Promise<VerificationTarget> {
  const hasIds = input.inferenceIds !== undefined && input.inferenceIds !== null;
  const hasModel = input.modelId !== undefined && input.modelId !== null;
  const hasRange = (input.fromBlock ?? null) !== null || (input.toBlock ?? null) !== null;
  const named = [hasIds, hasModel, hasRange].filter(Boolean).length;
  const hint = "give exactly one of inferenceIds, modelId, or fromBlock/toBlock";
  if (named === 0) throw new BadUserInputError("requestVerification needs a target", { hint });
  if (named > 1) throw new BadUserInputError("requestVerification takes one target, not several", { hint });
  const view = await ctx.view();
  const head = view.block.number;
  if (hasIds) {
    const ids = [...new Set(input.inferenceIds!)];
    if (ids.length === 0) throw new BadUserInputError("inferenceIds is empty", { hint: "name at least one inference id" });
    if (ids.length > MAX_INFERENCE_IDS) throw new BadUserInputError(`inferenceIds names ${ids.length} inferences; at most ${MAX_INFERENCE_IDS}`, { hint: "split the request, or ask by modelId or block range" });
    const found = await ctx.sql.run(ctx.sql.db.select({ id: inference.id }).from(inference).where(and(inArray(inference.id, ids), lte(inference.blockNumber, head))));
    const known = new Set(found.map((r) => r.id));
    const unknown = ids.filter((id) => !known.has(id));
    if (unknown.length > 0) throw new BadUserInputError(`unknown inference ids: ${unknown.slice(0, 10).join(", ")}${unknown.length > 10 ? ", …" : ""}`, { hint: `inferences indexed up to block ${head}` });
    return { inferenceIds: ids };
  }
  if (hasModel) {
    if (!(await view.loaders.models.model.load(input.modelId!))) throw new BadUserInputError(`unknown model ${input.modelId}`, { hint: `models registered up to block ${head}` });
    await assertBounded(ctx, eq(inference.modelId, input.modelId!), head);
    return { modelId: input.modelId! };
  }
  const fromBlock = input.fromBlock ?? undefined;
  const toBlock = input.toBlock ?? undefined;
  if ((fromBlock ?? 0n) < 0n || (toBlock ?? 0n) < 0n) throw new BadUserInputError("block numbers are >= 0", { hint });
  if (fromBlock !== undefined && toBlock !== undefined && fromBlock > toBlock) throw new BadUserInputError(`fromBlock ${fromBlock} is after toBlock ${toBlock}`, { hint: "fromBlock <= toBlock (both inclusive)" });
  if (fromBlock !== undefined && fromBlock > head) throw new BadUserInputError(`fromBlock ${fromBlock} is beyond the indexed head ${head}`, { hint: "ask for blocks at or below _meta.indexedBlock" });
  await assertBounded(ctx, and(fromBlock !== undefined ? gte(inference.blockNumber, fromBlock) : undefined, toBlock !== undefined ? lte(inference.blockNumber, toBlock) : undefined), head);
  return { fromBlock, toBlock };
}

async function assertBounded(ctx: ProvenanceContext, where: ReturnType<typeof and>, head: bigint): Promise<void> {
  const [row] = await ctx.sql.run(ctx.sql.db.select({ n: count() }).from(inference).where(and(where, lte(inference.blockNumber, head))));
  const n = Number(row?.n ?? 0);
  if (n > MAX_CLAIMS_PER_REQUEST) {
    throw new BadUserInputError(`the target matches ${n} inferences; one request queues at most ${MAX_CLAIMS_PER_REQUEST}`, { hint: "split it into narrower block ranges" });
  }
}

builder.mutationType({ description: "Operations that start work; each needs an API key (header x-api-key)." });

builder.mutationField("requestVerification", (t) =>
  t.field({
    type: RequestVerificationResultRef,
    description: `Queues replay jobs for the claims of the target (at most ${MAX_CLAIMS_PER_REQUEST}) and answers their job keys; idempotent by job key. Errors: UNAUTHENTICATED (no or wrong key), BAD_USER_INPUT (no target, several, fromBlock > toBlock, unknown model or inference), SERVICE_UNAVAILABLE (no replay queue reachable from this process).`,
    args: { input: t.arg({ type: RequestVerificationInputRef, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      authenticate(ctx);
      const target = await targetOf(input, ctx);
      const requester = await ctx.services.verification?.();
      if (!requester) {
        throw new ServiceUnavailableError("no replay queue is reachable from this API process", {
          hint: "send the mutation to the embedded hub (npm run hub), or give this API process REDIS_URL and DATABASE_URL so that jobs reach the workers",
        });
      }
      const result = await requester.request(target, "api");
      return { jobKeys: result.jobKeys, added: result.added, claims: result.jobKeys.length };
    },
  }),
);
