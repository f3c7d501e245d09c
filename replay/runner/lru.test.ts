import { test } from "node:test";
import assert from "node:assert/strict";
import { CostLru } from "./lru.js";

test("evicts least recently used entries past the cost bound, keeping the newest", () => {
  const evicted: string[] = [];
  const lru = new CostLru<string, number>(10, (_, k) => evicted.push(k));
  lru.set("a", 1, 4);
  lru.set("b", 2, 4);
  lru.get("a");
  lru.set("c", 3, 4);
  assert.deepEqual(evicted, ["b"]);
  lru.set("huge", 4, 50);
  assert.deepEqual(evicted, ["b", "a", "c"]);
  assert.equal(lru.get("huge"), 4);
  assert.equal(lru.cost, 50);
});
