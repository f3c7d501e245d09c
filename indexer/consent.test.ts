import { test } from "node:test";
import assert from "node:assert/strict";
import { hasId, withId, withoutId } from "./consent.js";

test("ascending id lists: add keeps order and uniqueness, remove, membership", () => {
  let ids: bigint[] = [];
  for (const id of [5n, 1n, 9n, 5n, 3n]) ids = withId(ids, id);
  assert.deepEqual(ids, [1n, 3n, 5n, 9n]);
  assert.ok(hasId(ids, 9n) && hasId(ids, 1n) && !hasId(ids, 4n) && !hasId([], 1n));
  assert.deepEqual(withoutId(ids, 5n), [1n, 3n, 9n]);
  assert.deepEqual(withoutId(ids, 7n), ids);
});
