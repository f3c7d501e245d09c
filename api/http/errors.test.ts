import assert from "node:assert/strict";
import { test } from "node:test";
import { Hono } from "hono";
import { HubError } from "../../core/errors.js";
import { errorBody, httpStatusOf, onHttpError } from "./errors.js";

test("codes map to statuses by one table; unknown codes are server errors", () => {
  assert.equal(httpStatusOf("API_BAD_REQUEST"), 400);
  assert.equal(httpStatusOf("ANALYTICS_BAD_RANGE"), 400);
  assert.equal(httpStatusOf("API_RATE_LIMITED"), 429);
  assert.equal(httpStatusOf("REPLAY_UNAVAILABLE"), 503);
  assert.equal(httpStatusOf("ANALYTICS_QUERY_FAILED"), 500);
});

test("a server error's body is a fixed line: the engine's message, SQL and stack stay in the log", async () => {
  const app = new Hono();
  app.onError(onHttpError);
  app.get("/boom", () => {
    throw new HubError("ANALYTICS_QUERY_FAILED", "Code: 70. DB::Exception: Value 1180591620717411303424 cannot be parsed as UInt64 for query SELECT … FROM facts", { cause: new Error("at /work/node_modules/chdb") });
  });
  app.get("/plain", () => {
    throw new TypeError("Cannot read properties of undefined (reading 'x')");
  });
  app.get("/client", () => {
    throw new HubError("API_BAD_REQUEST", "models holds 2^70, not an id", { hint: "ids are 0 to 2^64-1" });
  });
  for (const path of ["/boom", "/plain"]) {
    const res = await app.request(path);
    assert.equal(res.status, 500);
    const text = await res.text();
    assert.deepEqual(JSON.parse(text), errorBody(new Error()));
    assert.doesNotMatch(text, /DB::|SELECT|node_modules|undefined/);
  }
  const client = await app.request("/client");
  assert.equal(client.status, 400);
  assert.deepEqual(await client.json(), { error: { code: "API_BAD_REQUEST", message: "models holds 2^70, not an id", hint: "ids are 0 to 2^64-1" } });
});
