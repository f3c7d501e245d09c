/**
 * The replay worker's routes: counts by verdict and the verdicts with all their evidence
 * (paged: `?flagged=1&after=<inferenceId>&limit=<n>`). No install path or other internals:
 * the execution provider is named, and why it fell back, without the library folder.
 */
import { Hono } from "hono";
import type { VerdictReader } from "../services.js";
import { toJsonValue } from "../json.js";
import { ApiError } from "./errors.js";
import { integerParam, parseId } from "./query-params.js";

function unavailable(): ApiError {
  return new ApiError("REPLAY_UNAVAILABLE", "no verdict store is reachable from this process", { hint: "see /hub/status" });
}

const withoutPaths = (text: string | undefined) => text?.replace(/(?:\/[\w.@+-]+)+\/?/g, "<install folder>");

export function replayRoutes(verdicts: () => Promise<VerdictReader | undefined>): Hono {
  const app = new Hono();
  app.get("/status", async (c) => {
    const r = await verdicts();
    if (!r) throw unavailable();
    const p = r.executionProvider;
    const provider = p ? { provider: p.provider, requested: p.requested, fallbackReason: withoutPaths(p.fallbackReason) ?? null } : null;
    return c.json(toJsonValue({ executionProvider: provider, ...(await r.counts()) }) as object);
  });
  app.get("/verdicts", async (c) => {
    const r = await verdicts();
    if (!r) throw unavailable();
    const after = c.req.query("after");
    const records = await r.records({
      flaggedOnly: c.req.query("flagged") === "1",
      afterInferenceId: after ? parseId("after", after) : undefined,
      limit: integerParam(c, "limit", 10_000, 1, 10_000),
    });
    return c.json(toJsonValue(records) as object);
  });
  return app;
}
