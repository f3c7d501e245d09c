/**
 * The hub's HTTP app, mounted by Ponder's src/api/index.ts: Ponder's GraphQL and SQL client
 * over the indexed tables, and routes over the readers it is given (api/services.ts). It only
 * composes routes: what runs in the process is decided in hub/in-ponder.
 */
import { Hono } from "hono";
import { client, graphql, type ReadonlyDrizzle } from "ponder";
import { analyticsRoutes } from "./analytics-routes.js";
import { toJsonValue } from "./json.js";
import { metricsRoute } from "./metrics-route.js";
import { noHubServices, type HubServices } from "./services.js";

export function createHubApp<schema extends Record<string, unknown>>(db: ReadonlyDrizzle<schema>, schema: schema, services: HubServices = noHubServices): Hono {
  const app = new Hono();
  const verdicts = () => services.verdicts.catch(() => undefined);
  app.route("/analytics", analyticsRoutes(() => services.analytics));
  app.get("/replay/status", async (c) => {
    const replay = await verdicts();
    if (!replay) return c.json({ error: { code: "REPLAY_UNAVAILABLE", message: "no verdict store is reachable from this process" } }, 503);
    return c.json(toJsonValue({ executionProvider: replay.executionProvider, ...(await replay.counts()) }) as object);
  });
  app.get("/replay/verdicts", async (c) => {
    const replay = await verdicts();
    if (!replay) return c.json({ error: { code: "REPLAY_UNAVAILABLE", message: "no verdict store is reachable from this process" } }, 503);
    const flaggedOnly = c.req.query("flagged") === "1";
    const all = (await replay.verdicts()).filter((v) => !flaggedOnly || v.verdict !== "verified");
    return c.json(toJsonValue(all) as object);
  });
  app.get("/hub/status", async (c) => {
    const analytics = await services.analytics.catch(() => undefined);
    const lag = analytics ? await Promise.resolve(analytics.lag()).catch(() => undefined) : undefined;
    return c.json(toJsonValue({ role: services.role, embeddedServices: services.role === "embedded", analyticsLag: lag ?? null, recentErrors: services.recentErrors() }) as object);
  });
  app.get("/hub/metrics", metricsRoute(services.metrics));
  app.use("/sql/*", client({ db, schema }));
  app.use("/graphql", graphql({ db, schema }));
  app.use("/", graphql({ db, schema }));
  return app;
}
