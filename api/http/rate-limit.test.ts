import assert from "node:assert/strict";
import { test } from "node:test";
import { Hono } from "hono";
import { rateLimit } from "./rate-limit.js";

test("a token bucket per client: a burst passes, the rest gets 429 with Retry-After until tokens refill; clients are apart", async () => {
  let t = 0;
  const app = new Hono();
  app.use("*", rateLimit({ perSecond: 2, burst: 3, now: () => t, clientOf: (c) => c.req.header("x-client") ?? "?" }));
  app.get("/", (c) => c.text("ok"));
  const hit = async (client: string) => (await app.request("/", { headers: { "x-client": client } })).status;
  assert.deepEqual([await hit("a"), await hit("a"), await hit("a")], [200, 200, 200]);
  const limited = await app.request("/", { headers: { "x-client": "a" } });
  assert.equal(limited.status, 429);
  assert.equal(((await limited.json()) as { error: { code: string } }).error.code, "API_RATE_LIMITED");
  assert.equal(limited.headers.get("retry-after"), "1");
  assert.equal(await hit("b"), 200, "another client has its own bucket");
  t = 500;
  assert.equal(await hit("a"), 200, "one token back after half a second at 2/s");
  assert.equal(await hit("a"), 429);
});
