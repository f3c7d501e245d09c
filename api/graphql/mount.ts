/**
 * Mounts the provenance API on the hub's app: the schema and its per-request context served by
 * the hardened server (api/graphql/server/: limits, error codes, rate limit, cache, metrics),
 * with every response stating the block(s) it answers for.
 */
import type { Plugin } from "graphql-yoga";
import type { Hono } from "hono";
import { useAnsweredBlock } from "./answered-block-plugin.js";
import { createContextFactory, type ProvenanceContext, type ProvenanceDeps } from "./context.js";
import type { ReadDb } from "./read-db.js";
import { buildProvenanceSchema } from "./schema.js";
import { createProvenanceServer, type ProvenanceServer } from "./server/create-server.js";
import { DEFAULT_HUB_GRAPHQL_SETTINGS, type HubGraphqlSettings } from "./server/hub-graphql-settings.js";
import { indexedHeadKey } from "./server/indexed-head-key.js";

export function mountProvenanceGraphql(app: Hono, path: string, deps: ProvenanceDeps, settings: HubGraphqlSettings = DEFAULT_HUB_GRAPHQL_SETTINGS): ProvenanceServer<ProvenanceContext> {
  const apiKeys = deps.apiKeys ?? settings.apiKeys;
  const server = createProvenanceServer({
    ...settings,
    schema: buildProvenanceSchema(),
    context: createContextFactory({ ...deps, apiKeys }),
    path,
    apiKeys,
    plugins: [useAnsweredBlock() as Plugin],
    // The analytics answers follow the sink, which trails the head the cache is keyed by.
    responseCache: { ...settings.responseCache, answeredBlockKey: indexedHeadKey(deps.db as ReadDb, deps.chain), uncachedFields: ["Query.analytics", "Meta.sinkLag"] },
  });
  app.route("/", server.app);
  return server;
}
