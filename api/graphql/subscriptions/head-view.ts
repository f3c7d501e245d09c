/**
 * A view at the indexed head as it is now: a subscription outlives the request's own head (read
 * once per request), so each round reads the head again and gets fresh loaders at it.
 */
import type { AsOfView, ProvenanceContext } from "../context.js";
import { ServiceUnavailableError } from "../errors.js";
import { readIndexedHead } from "../indexed-head.js";
import { createLoaders } from "../loaders/index.js";

export async function currentHeadView(ctx: ProvenanceContext): Promise<AsOfView> {
  const head = await readIndexedHead(ctx.sql);
  if (!head) throw new ServiceUnavailableError("the indexer has not indexed any block yet", { hint: "wait for Ponder's /ready to answer 200" });
  return { block: { number: head.latest.number, atHead: true, head }, loaders: createLoaders(ctx.sql, head.latest.number) };
}
