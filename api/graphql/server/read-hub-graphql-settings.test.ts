/**
 * The GraphQL settings from the configuration: defaults equal the server's own, each API_*
 * variable lands where it should, bad values stop with CONFIG_INVALID naming the variable, and
 * the settings hold on the real provenance schema (page cap, introspection, no analytics store).
 */
import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { Hono } from "hono";
import { readHubEnv } from "../../../core/config/index.js";
import { mountProvenanceGraphql } from "../mount.js";
import { DEFAULT_HUB_GRAPHQL_SETTINGS } from "./hub-graphql-settings.js";
import { persistedOperationId } from "./persisted-operations.js";
import { ponderCommandOf, readHubGraphqlSettings } from "./read-hub-graphql-settings.js";

const settingsOf = (env: Record<string, string>, command?: "dev" | "start" | "serve") => readHubGraphqlSettings(readHubEnv(env), command);

test("with no API_* variable the settings are the server's defaults", () => {
  const settings = settingsOf({}, "start");
  assert.deepEqual(settings.limits, DEFAULT_HUB_GRAPHQL_SETTINGS.limits);
  assert.deepEqual(settings.http, DEFAULT_HUB_GRAPHQL_SETTINGS.http);
  assert.deepEqual(settings.rateLimit, DEFAULT_HUB_GRAPHQL_SETTINGS.rateLimit);
  assert.deepEqual(settings.cors, DEFAULT_HUB_GRAPHQL_SETTINGS.cors);
  assert.deepEqual(settings.responseCache, DEFAULT_HUB_GRAPHQL_SETTINGS.responseCache);
  assert.equal(settings.persistedOperations, undefined);
  assert.equal(settings.graphiql, false);
  assert.equal(settings.introspection, true);
});

test("each variable sets its setting", () => {
  const settings = settingsOf({
    API_MAX_DEPTH: "8", API_MAX_ALIASES: "5", API_MAX_TOKENS: "300", API_MAX_COST: "9000", API_MAX_PAGE: "200",
    API_MAX_BODY_BYTES: "2048", API_TIMEOUT_MS: "1500", API_RATE_PER_SECOND: "20", API_RATE_BURST: "40",
    API_CORS_ORIGINS: "https://a.example,http://localhost:5173", API_RESPONSE_CACHE: "off", API_GRAPHIQL: "on", API_INTROSPECTION: "off",
  });
  assert.deepEqual(settings.limits, { ...DEFAULT_HUB_GRAPHQL_SETTINGS.limits, maxDepth: 8, maxAliases: 5, maxTokens: 300, maxCost: 9000, maxPageSize: 200 });
  assert.deepEqual(settings.http, { maxBodyBytes: 2048, requestTimeoutMs: 1500 });
  assert.deepEqual(settings.rateLimit, { perSecond: 20, burst: 40 });
  assert.deepEqual(settings.cors.origins, ["https://a.example", "http://localhost:5173"]);
  assert.equal(settings.responseCache.enabled, false);
  assert.equal(settings.graphiql, true);
  assert.equal(settings.introspection, false);
  assert.equal(settingsOf({ API_RATE_PER_SECOND: "0" }).rateLimit, false);
});

test("GraphiQL: on under `ponder dev` unless API_GRAPHIQL=off, off under start/serve unless on", () => {
  assert.equal(settingsOf({}, "dev").graphiql, true);
  assert.equal(settingsOf({ API_GRAPHIQL: "off" }, "dev").graphiql, false);
  assert.equal(settingsOf({}, "serve").graphiql, false);
  assert.equal(settingsOf({}).graphiql, false);
  assert.equal(ponderCommandOf(["/usr/bin/node", "/app/node_modules/ponder/dist/esm/bin/ponder.js", "dev", "--root", "/app"]), "dev");
  assert.equal(ponderCommandOf(["/usr/bin/node", "/app/node_modules/.bin/ponder", "serve", "--schema", "hub"]), "serve");
  assert.equal(ponderCommandOf(["/usr/bin/node", "/app/test/x.test.ts", "dev"]), undefined, "not Ponder: no command");
});

test("bad values stop with CONFIG_INVALID naming the variable", () => {
  const invalid = (env: Record<string, string>, pattern: RegExp) =>
    assert.throws(() => settingsOf(env), (e: Error & { code?: string }) => e.code === "CONFIG_INVALID" && pattern.test(e.message), JSON.stringify(env));
  invalid({ API_MAX_DEPTH: "0" }, /API_MAX_DEPTH="0" is invalid: expected a positive integer/);
  invalid({ API_MAX_PAGE: "1001" }, /API_MAX_PAGE="1001" is invalid/);
  invalid({ API_TIMEOUT_MS: "ten" }, /API_TIMEOUT_MS="ten" is invalid/);
  invalid({ API_RATE_PER_SECOND: "-1" }, /API_RATE_PER_SECOND="-1" is invalid/);
  invalid({ API_CORS_ORIGINS: "https://a.example/path" }, /API_CORS_ORIGINS=/);
  invalid({ API_RESPONSE_CACHE: "yes" }, /API_RESPONSE_CACHE="yes" is invalid: expected on or off/);
  invalid({ API_GRAPHIQL: "1" }, /API_GRAPHIQL="1" is invalid: expected on or off/);
  invalid({ API_PERSISTED_ONLY: "/nonexistent/operations.json" }, /API_PERSISTED_ONLY="\/nonexistent\/operations.json" is invalid: expected a readable JSON file/);
});

test("API_PERSISTED_ONLY: the file's operations, and only those", async (t) => {
  const dir = await mkdtemp(join(tmpdir(), "ph-persisted-"));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const file = join(dir, "operations.json");
  await writeFile(file, JSON.stringify(["{ _meta { indexedBlock } }"]));
  const settings = settingsOf({ API_PERSISTED_ONLY: file });
  assert.equal(settings.persistedOperations?.allowArbitraryOperations, false);
  assert.deepEqual([...settings.persistedOperations!.operations.keys()], [persistedOperationId("{ _meta { indexedBlock } }")]);
  await writeFile(file, JSON.stringify({ not: "an array" }));
  assert.throws(() => settingsOf({ API_PERSISTED_ONLY: file }), /API_PERSISTED_ONLY=.* is invalid: expected a non-empty JSON array of query texts/);
});

test("on the provenance schema: the page cap, introspection off, no analytics store", async () => {
  const app = new Hono();
  // No database: every refusal below happens before a resolver reads one.
  mountProvenanceGraphql(app, "/graphql", { db: {} }, settingsOf({ API_MAX_PAGE: "5", API_INTROSPECTION: "off" }));
  const ask = async (query: string) => {
    const res = await app.request("/graphql", { method: "POST", headers: { "content-type": "application/json", accept: "application/graphql-response+json" }, body: JSON.stringify({ query }) });
    return { status: res.status, body: (await res.json()) as { data?: Record<string, unknown> | null; errors?: { message: string; extensions: { code: string } }[] } };
  };
  const page = await ask("{ inferences(first: 6) { totalCount } }");
  assert.equal(page.status, 400);
  assert.equal(page.body.errors?.[0]?.extensions.code, "BAD_USER_INPUT");
  assert.match(page.body.errors![0]!.message, /more than 5 rows in one page/);
  const introspection = await ask("{ __schema { queryType { name } } }");
  assert.equal(introspection.status, 400);
  assert.equal(introspection.body.errors?.[0]?.extensions.code, "GRAPHQL_VALIDATION_FAILED");
  const analytics = await ask("{ analytics { lag { blocks } } }");
  assert.equal(analytics.status, 200);
  assert.equal(analytics.body.data?.analytics, null);
  assert.equal(analytics.body.errors?.[0]?.extensions.code, "SERVICE_UNAVAILABLE");
});
