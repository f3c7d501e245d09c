import assert from "node:assert/strict";
import { test } from "node:test";
import { PgDialect } from "drizzle-orm/pg-core";
import { toDrizzleSql } from "./ponder-db-queryable.js";

test("placeholders become bound parameters; arrays stay one parameter", () => {
  const query = new PgDialect().sqlToQuery(toDrizzleSql("SELECT * FROM t WHERE id = ANY($1) AND b BETWEEN $2 AND $3", [["1", "2"], "5", "9"]));
  assert.equal(query.sql, "SELECT * FROM t WHERE id = ANY($1) AND b BETWEEN $2 AND $3");
  assert.deepEqual(query.params, [["1", "2"], "5", "9"]);
  assert.throws(() => toDrizzleSql("SELECT $2", ["only one"]), /\$2 has no parameter/);
});
