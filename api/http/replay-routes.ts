/**
 * The replay worker's routes: counts by verdict and the verdicts with all their evidence
 * (paged: `?flagged=1&after=<inferenceId>&limit=<n>`). No install path or other internals:
 * the execution provider is named, and why it fell back, without the library folder.
 */
import { Hono } from "hono";
import type { ReplayRuntime } from "../../replay/runtime.js";
import { readVerdictRecords } from "../../replay/verdicts/verdict-records.js";
import { toJsonValue } from "../json.js";
import { ApiError } from "./errors.js";
import { integerParam, parseId } from "./query-params.js";

function unavailable(): ApiError {
  return new ApiError("REPLAY_UNAVAILABLE", "the replay worker is not running in this process", { hint: "see /hub/status" });
}

const withoutPaths = (text: string | undefined) => text?.replace(/(?:\/[\w.@+-]+)+\/?/g, "<install folder>");

export function replayRoutes(replay: () => Promise<ReplayRuntime | undefined>): Hono {
  const app = new Hono();
  app.get("/status", async (c) => {
    const r = await replay();
    if (!r) throw unavailable();
    const provider = { provider: r.provider.provider, requested: r.provider.requested, fallbackReason: withoutPaths(r.provider.fallbackReason) ?? null };
    return c.json(toJsonValue({ executionProvider: provider, ...(await r.store.counts()) }) as object);
  });
  app.get("/verdicts", async (c) => {
    const r = await replay();
    if (!r) throw unavailable();
    const after = c.req.query("after");
    const records = await readVerdictRecords(r.store.pool, {
      flaggedOnly: c.req.query("flagged") === "1",
      afterInferenceId: after ? parseId("after", after) : undefined,
      limit: integerParam(c, "limit", 10_000, 1, 10_000),
    });
    return c.json(toJsonValue(records) as object);
  });
  return app;
}
