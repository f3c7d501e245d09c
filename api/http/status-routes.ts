/**
 * `/hub/status`: lag of the indexer, the sink and the replay backlog against the chain's head,
 * stalls, how the embedded stores were found at start (rebuilt ones say what that means), the
 * supervisor's restarts of the Ponder process, what the pollers did, and recent errors.
 * `/hub/ready`: 200 while nothing is stalled, 503 HUB_NOT_READY with the reasons otherwise.
 */
import { Hono } from "hono";
import type { HubServices } from "../services.js";
import { toJsonValue } from "../json.js";
import { ApiError, errorResponse } from "./errors.js";

export function statusRoutes(services: HubServices): Hono {
  const app = new Hono();
  const health = () => services.health.catch(() => undefined);
  app.get("/status", async (c) => {
    const h = await health();
    const analytics = await services.analytics.catch(() => undefined);
    const analyticsLag = analytics ? await Promise.resolve(analytics.lag()).catch(() => undefined) : undefined;
    const lag = h ? await h.lag() : null;
    return c.json(
      toJsonValue({
        role: services.role,
        embeddedServices: services.role === "embedded",
        ready: lag?.ready ?? false,
        lag,
        analyticsLag: analyticsLag ?? null,
        activity: h?.activity() ?? null,
        stores: h?.stores ?? {},
        ponderRestarts: h?.ponderRestarts ?? [],
        recentErrors: services.recentErrors(),
      }) as object,
    );
  });
  app.get("/ready", async (c) => {
    const h = await health();
    if (!h) return errorResponse(c, new ApiError("HUB_NOT_READY", "no writers run in this process to report readiness", { hint: "ask the indexer's /ready, or /hub/ready of the embedded hub" }));
    const lag = await h.lag();
    if (!lag.ready) return c.json({ ready: false, error: { code: "HUB_NOT_READY", message: lag.notReady.join("; ") }, lag: toJsonValue(lag) }, 503);
    return c.json({ ready: true, lag: toJsonValue(lag) });
  });
  return app;
}
