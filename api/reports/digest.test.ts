import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { test } from "node:test";
import { canonicalJson, digestOfReportValue } from "./digest.js";

test("the digest is SHA-256 of the RFC 8785 form without the digest member, whatever the key order", () => {
  const a = { b: "2", a: [1, { y: true, x: null }], digest: { algorithm: "sha-256", value: "ignored" } };
  const b = { digest: { value: "other" }, a: [1, { x: null, y: true }], b: "2" };
  assert.equal(canonicalJson({ b: "2", a: 1 }), '{"a":1,"b":"2"}');
  assert.equal(digestOfReportValue(a), digestOfReportValue(b));
  assert.equal(digestOfReportValue(a), createHash("sha256").update('{"a":[1,{"x":null,"y":true}],"b":"2"}').digest("hex"));
});
