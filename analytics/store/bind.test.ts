import assert from "node:assert/strict";
import { test } from "node:test";
import { paramsForEngine, quoteString, renderParams } from "./bind.js";
import { parseJsonEachRow, toJsonEachRow } from "./json.js";

test("renderParams renders checked typed literals", () => {
  assert.equal(renderParams("SELECT {a:UInt64}, {s:String}, {t:DateTime}", { a: 18446744073709551615n, s: "x", t: 1700000000 }), "SELECT 18446744073709551615, 'x', toDateTime(1700000000, 'UTC')");
  assert.equal(renderParams("{ids:Array(String)}", { ids: ["a", "b"] }), "['a','b']");
  assert.equal(renderParams("{ids:Array(UInt64)}", { ids: [] }), "CAST([] AS Array(UInt64))");
});

test("renderParams cannot be talked into SQL", () => {
  assert.equal(quoteString("x' OR 1=1 --"), "'x\\' OR 1=1 --'");
  assert.equal(quoteString("a\\' OR 1=1"), "'a\\\\\\' OR 1=1'");
  assert.throws(() => renderParams("{a:UInt64}", { a: "1 OR 1=1" }), { code: "ANALYTICS_BAD_PARAM" });
  assert.throws(() => renderParams("{a:UInt8}", { a: 256 }), { code: "ANALYTICS_BAD_PARAM" });
  assert.throws(() => renderParams("{a:String}", { a: 5 }), { code: "ANALYTICS_BAD_PARAM" });
  assert.throws(() => renderParams("{a:String}", {}), { code: "ANALYTICS_BAD_PARAM" });
  assert.throws(() => renderParams("{a:Float64}", { a: Number.NaN }), { code: "ANALYTICS_BAD_PARAM" });
});

test("JSONEachRow keeps big integers exact both ways", () => {
  const text = toJsonEachRow([{ a: 123456789012345678901234567n, b: "s", c: 1 }]);
  assert.equal(text, '{"a":123456789012345678901234567,"b":"s","c":1}\n');
  assert.deepEqual(parseJsonEachRow(text), [{ a: "123456789012345678901234567", b: "s", c: 1 }]);
});

test("DateTime('UTC') parameters go to the engines as UTC text, checked", () => {
  assert.deepEqual(paramsForEngine("SELECT {t:DateTime('UTC')}, {n:UInt64}", { t: 3600, n: 5n }), { t: "1970-01-01 01:00:00", n: "5" });
  assert.equal(renderParams("{t:DateTime('UTC')}", { t: 0 }), "toDateTime(0, 'UTC')");
  assert.throws(() => paramsForEngine("{t:DateTime('UTC')}", { t: -1 }), { code: "ANALYTICS_BAD_PARAM" });
  assert.throws(() => paramsForEngine("{t:DateTime('UTC')}", { t: "yesterday" }), { code: "ANALYTICS_BAD_PARAM" });
});
