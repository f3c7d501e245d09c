/**
 * The hub's HTTP app, mounted by Ponder's src/api/index.ts: Ponder's GraphQL and SQL client
 * over the indexed tables, and the analytics routes when the embedded services run here.
 */
import { Hono } from "hono";
import { client, graphql, type ReadonlyDrizzle } from "ponder";
import { embeddedServices } from "../hub/embedded-services.js";
import { analyticsRoutes } from "./analytics-routes.js";
import type { ChainReader } from "./graphql/chain-blocks.js";
import { mountProvenanceGraphql } from "./graphql/mount.js";
import { DEFAULT_HUB_GRAPHQL_SETTINGS } from "./graphql/server/hub-graphql-settings.js";
import { ponderGraphqlEndpoint } from "./graphql/server/ponder-endpoint.js";
import { toJsonValue } from "./json.js";

export function createHubApp<schema extends Record<string, unknown>>(db: ReadonlyDrizzle<schema>, schema: schema, chain?: ChainReader): Hono {
  const services = embeddedServices(db as ReadonlyDrizzle<Record<string, unknown>>);
  const app = new Hono();
  app.route("/analytics", analyticsRoutes(async () => (await services)?.analytics));
  app.get("/replay/status", async (c) => {
    const replay = (await services?.catch(() => undefined))?.replay;
    if (!replay) return c.json({ error: { code: "REPLAY_UNAVAILABLE", message: "the replay worker is not running in this process" } }, 503);
    return c.json(toJsonValue({ executionProvider: replay.provider, ...(await replay.store.counts()) }) as object);
  });
  app.get("/replay/verdicts", async (c) => {
    const replay = (await services?.catch(() => undefined))?.replay;
    if (!replay) return c.json({ error: { code: "REPLAY_UNAVAILABLE", message: "the replay worker is not running in this process" } }, 503);
    const flaggedOnly = c.req.query("flagged") === "1";
    const verdicts = (await replay.store.verdicts()).filter((v) => !flaggedOnly || v.verdict !== "verified");
    return c.json(toJsonValue(verdicts) as object);
  });
  app.get("/hub/status", async (c) => {
    const s = await services?.catch(() => undefined);
    return c.json(toJsonValue({ embeddedServices: s !== undefined, analyticsLag: s?.analytics?.lag() ?? null, recentErrors: s?.errors ?? [] }) as object);
  });
  app.use("/sql/*", client({ db, schema }));
  // The provenance API owns /graphql; Ponder's generated API stays at /ponder/graphql, behind
  // the same limits (unguarded, one deep query took it out of memory).
  const provenance = mountProvenanceGraphql(app, "/graphql", { db, chain, services: { analytics: async () => (await services?.catch(() => undefined))?.analytics } }, DEFAULT_HUB_GRAPHQL_SETTINGS);
  app.route("/ponder/graphql", ponderGraphqlEndpoint(graphql({ db, schema }), DEFAULT_HUB_GRAPHQL_SETTINGS, provenance.metrics));
  return app;
}
