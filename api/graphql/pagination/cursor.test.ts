import assert from "node:assert/strict";
import { test } from "node:test";
import { isHubError } from "../../../core/errors.js";
import { decodeCursor, encodeCursor, pageRequest } from "./cursor.js";

const code = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return isHubError(error) ? error.code : "other";
  }
  return undefined;
};

test("cursors round-trip their keyset values and refuse anything else as BAD_USER_INPUT", () => {
  const cursor = encodeCursor([12n, 3, "1-0xab-4"]);
  assert.deepEqual(decodeCursor(cursor, ["bigint", "int", "text"]), [12n, 3, "1-0xab-4"]);
  assert.equal(code(() => decodeCursor("not-a-cursor", ["bigint"])), "BAD_USER_INPUT");
  assert.equal(code(() => decodeCursor(cursor, ["bigint"])), "BAD_USER_INPUT", "a cursor of another ordering");
  assert.equal(code(() => decodeCursor(encodeCursor(["x"]), ["bigint"])), "BAD_USER_INPUT");
});

test("page requests: default 100, at most 1000, first or last", () => {
  assert.deepEqual(pageRequest({}), { backward: false, size: 100, cursor: null });
  assert.deepEqual(pageRequest({ last: 5, before: "c" }), { backward: true, size: 5, cursor: "c" });
  assert.deepEqual(pageRequest({ first: 1000, after: "c" }), { backward: false, size: 1000, cursor: "c" });
  assert.equal(code(() => pageRequest({ first: 1001 })), "BAD_USER_INPUT");
  assert.equal(code(() => pageRequest({ first: -1 })), "BAD_USER_INPUT");
  assert.equal(code(() => pageRequest({ first: 1, last: 1 })), "BAD_USER_INPUT");
});
