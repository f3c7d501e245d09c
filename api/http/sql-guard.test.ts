import assert from "node:assert/strict";
import { test } from "node:test";
import { Hono, type MiddlewareHandler } from "hono";
import { onHttpError } from "./errors.js";
import { guardedSqlClient } from "./sql-guard.js";

/** Stands in for Ponder's client middleware: answers the way it does (plain text on errors). */
const ponderLike: MiddlewareHandler = async (c) => {
  const sql = c.req.query("sql");
  if (sql === "slow") await new Promise((r) => setTimeout(r, 500));
  if (sql === "throw") throw new Error("Unexpected token at /work/node_modules/superjson/dist/index.js:1:2");
  if (sql === "bad") return c.text("Error: [object Object]\n    at validateAllowableSQLQuery (/x/node_modules/ponder/src/utils/sql-parse.ts:10:3)", 500);
  return c.json({ rows: [[1]] });
};

function app(mode: "on" | "off" | "auto", embedded: boolean, apiKey?: string) {
  const a = new Hono();
  a.onError(onHttpError);
  const guard = guardedSqlClient(ponderLike, { mode, apiKey, timeoutMs: 100 }, embedded);
  a.use("/sql", guard);
  a.use("/sql/*", guard);
  return a;
}

async function call(a: Hono, path: string, headers: Record<string, string> = {}) {
  const res = await a.request(path, { headers });
  const text = await res.text();
  return { status: res.status, text, body: JSON.parse(text) as { enabled?: boolean; error?: { code: string } } };
}

test("auto: off on the embedded PGlite (403 SQL_DISABLED), on over Postgres; GET /sql describes the protocol", async () => {
  const embedded = app("auto", true);
  assert.equal((await call(embedded, "/sql")).body.enabled, false);
  const refused = await call(embedded, "/sql/db?sql=ok");
  assert.equal(refused.status, 403);
  assert.equal(refused.body.error?.code, "SQL_DISABLED");
  const server = app("auto", false);
  assert.equal((await call(server, "/sql")).body.enabled, true);
  assert.equal((await call(server, "/sql/db?sql=ok")).status, 200);
  assert.equal((await call(app("on", true), "/sql/db?sql=ok")).status, 200, "enabled on request");
  assert.equal((await call(app("off", false), "/sql/db?sql=ok")).status, 403);
});

test("the key is required where set; Ponder's plain-text errors and throws become 400 SQL_REJECTED without internals; slow answers are cut off", async () => {
  const a = app("on", false, "k");
  assert.equal((await call(a, "/sql/db?sql=ok")).body.error?.code, "API_UNAUTHORIZED");
  assert.equal((await call(a, "/sql/db?sql=ok", { "x-api-key": "wrong" })).status, 401);
  const auth = { authorization: "Bearer k" };
  assert.equal((await call(a, "/sql/db?sql=ok", auth)).status, 200);
  for (const sql of ["bad", "throw"]) {
    const r = await call(a, `/sql/db?sql=${sql}`, auth);
    assert.equal(r.status, 400);
    assert.equal(r.body.error?.code, "SQL_REJECTED");
    assert.doesNotMatch(r.text, /node_modules|object Object|at \w+/);
  }
  const slow = await call(a, "/sql/db?sql=slow", auth);
  assert.equal(slow.status, 503);
  assert.equal(slow.body.error?.code, "SQL_TIMEOUT");
});
