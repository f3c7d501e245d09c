/** The row bound and the token bucket: pure logic, no server. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { buildSchema, parse } from "graphql";
import { listFanOut } from "./list-fan-out.js";
import { TokenBucketRateLimiter } from "./rate-limit.js";

const schema = buildSchema(`
  type Query { a(first: Int): APage!, one: A }
  type APage { items: [A!]! }
  type A { id: ID!, children(limit: Int): APage!, parent: A }
`);
const limits = { defaultPageSize: 50, maxPageSize: 1000 };
const rows = (query: string, variables?: Record<string, unknown>) => listFanOut(schema, parse(query), { variables, limits });

test("page sizes multiply down a path and add across paths; defaults and variables count", () => {
  assert.equal(rows("{ one { id } }").rows, 1);
  assert.equal(rows("{ a(first: 10) { items { id } } }").rows, 10);
  assert.equal(rows("{ a { items { id } } }").rows, 50, "no page size: the default");
  assert.equal(rows("{ a(first: 10) { items { children(limit: 20) { items { id } } } } }").rows, 200);
  assert.equal(rows("{ x: a(first: 10) { items { id } } y: a(first: 5) { items { id } } }").rows, 15);
  assert.equal(rows("query($n: Int) { a(first: $n) { items { children(limit: $n) { items { id } } } } }", { n: 300 }).rows, 90_000);
  assert.equal(rows("{ a(first: 2) { items { ...F } } } fragment F on A { children(limit: 3) { items { id } } }").rows, 6);
});

test("a page above the cap is named; a fragment spread many times is walked once", () => {
  assert.deepEqual(rows("{ a(first: 100000) { items { id } } }").oversizedPage, { field: "a", argument: "first", size: 100000 });
  const spreads = Array.from({ length: 200 }, () => "...F").join(" ");
  assert.equal(rows(`{ a(first: 1) { items { ${spreads} } } } fragment F on A { children(limit: 2) { items { id } } }`).rows, 400);
});

test("the token bucket lets a burst through, refuses the next, and refills with time", () => {
  let now = 0;
  const limiter = new TokenBucketRateLimiter({ perSecond: 2, burst: 3 }, () => now);
  for (let i = 0; i < 3; i++) assert.equal(limiter.take("c").allowed, true);
  assert.deepEqual(limiter.take("c"), { allowed: false, retryAfterSeconds: 1 });
  assert.equal(limiter.take("other").allowed, true, "buckets are per client");
  now = 500;
  assert.equal(limiter.take("c").allowed, true, "half a second gave one token back");
  assert.equal(limiter.take("c").allowed, false);
});
