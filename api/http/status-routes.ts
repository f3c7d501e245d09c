/**
 * `/hub/status`: lag of the indexer, the sink and the replay backlog against the chain's head,
 * stalls, how the embedded stores were found at start (rebuilt ones say what that means), the
 * supervisor's restarts of the Ponder process, and recent errors. `/hub/ready`: 200 while
 * nothing is stalled, 503 HUB_NOT_READY with the reasons otherwise.
 */
import { Hono } from "hono";
import type { EmbeddedServices } from "../../hub/embedded-services.js";
import { recoveryConsequence, type StoreName } from "../../hub/store-recovery.js";
import { toJsonValue } from "../json.js";
import { errorResponse } from "./errors.js";
import { ApiError } from "./errors.js";

export function statusRoutes(services: () => Promise<EmbeddedServices | undefined>): Hono {
  const app = new Hono();
  app.get("/status", async (c) => {
    const s = await services();
    const lag = s ? await s.lag.figures() : null;
    const stores = Object.fromEntries(
      Object.entries(s?.recovery ?? {}).map(([store, r]) => [store, { ...r, ...(r.outcome === "rebuilt" ? { consequence: recoveryConsequence(store as StoreName) } : {}) }]),
    );
    return c.json(
      toJsonValue({
        embeddedServices: s !== undefined,
        ready: lag?.ready ?? false,
        lag,
        analyticsLag: s?.analytics.lag() ?? null,
        activity: s?.activity() ?? null,
        stores,
        ponderRestarts: s?.restarts ?? [],
        recentErrors: s?.errors ?? [],
      }) as object,
    );
  });
  app.get("/ready", async (c) => {
    const s = await services();
    if (!s) return errorResponse(c, new ApiError("HUB_NOT_READY", "the embedded services are not running in this process"));
    const lag = await s.lag.figures();
    if (!lag.ready) return c.json({ ready: false, error: { code: "HUB_NOT_READY", message: lag.notReady.join("; ") }, lag: toJsonValue(lag) }, 503);
    return c.json({ ready: true, lag: toJsonValue(lag) });
  });
  return app;
}
