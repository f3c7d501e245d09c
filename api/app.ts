/**
 * The hub's HTTP app, mounted by Ponder's src/api/index.ts: Ponder's GraphQL and SQL client
 * over the indexed tables, and routes over the readers it is given (api/services.ts). It only
 * composes routes: what runs in the process is decided in hub/in-ponder. Every route is bounded
 * (body size, per-client rate) and answers errors as JSON with a code (api/http/errors.ts).
 */
import { Hono } from "hono";
import { client, graphql, type ReadonlyDrizzle } from "ponder";
import { hubEnv } from "../core/config/index.js";
import { analyticsRoutes } from "./analytics-routes.js";
import type { ReportAccess } from "./reports/access.js";
import { hubReportSources } from "./reports/hub-sources.js";
import { reportRoutes } from "./reports/routes.js";
import { onHttpError } from "./http/errors.js";
import { applyRequestLimits } from "./http/limits.js";
import { replayRoutes } from "./http/replay-routes.js";
import { readHttpSettings } from "./http/settings.js";
import { guardedSqlClient } from "./http/sql-guard.js";
import { statusRoutes } from "./http/status-routes.js";
import { metricsRoute } from "./metrics-route.js";
import { noHubServices, provenanceServices, type HubServices } from "./services.js";
import type { ChainReader } from "./graphql/chain-blocks.js";
import { configuredApiKeys } from "./graphql/api-keys.js";
import { mountProvenanceGraphql } from "./graphql/mount.js";
import { ponderGraphqlEndpoint } from "./graphql/server/ponder-endpoint.js";
import { readHubGraphqlSettings } from "./graphql/server/read-hub-graphql-settings.js";

export function createHubApp<schema extends Record<string, unknown>>(db: ReadonlyDrizzle<schema>, schema: schema, services: HubServices = noHubServices, chain?: ChainReader): Hono {
  const settings = readHttpSettings();
  const app = new Hono();
  app.onError(onHttpError);
  applyRequestLimits(app, settings.limits, ["/graphql", "/ponder/graphql"]);
  // One access rule for the /reports route and the GraphQL `report` field that links to it.
  const reports: ReportAccess = { sources: async () => hubReportSources(db as ReadonlyDrizzle<Record<string, unknown>>), apiKey: hubEnv().REPORTS_API_KEY };
  app.route("/reports", reportRoutes(reports));
  app.route("/analytics", analyticsRoutes(() => services.analytics));
  app.route("/replay", replayRoutes(() => services.verdicts.catch(() => undefined)));
  app.route("/hub", statusRoutes(services));
  app.get("/hub/metrics", metricsRoute(services.metrics));
  const sql = guardedSqlClient(client({ db, schema }), settings.sql, settings.embedded);
  app.use("/sql", sql);
  app.use("/sql/*", sql);
  // The provenance API owns /graphql; Ponder's generated API stays at /ponder/graphql, behind
  // the same limits (unguarded, one deep query took it out of memory).
  const graphqlSettings = { ...readHubGraphqlSettings(), metrics: services.metrics, apiKeys: configuredApiKeys() };
  const provenance = mountProvenanceGraphql(app, "/graphql", { db, chain, services: { ...provenanceServices(services), reports } }, graphqlSettings);
  app.route("/ponder/graphql", ponderGraphqlEndpoint(graphql({ db, schema }), graphqlSettings, provenance.metrics));
  return app;
}
