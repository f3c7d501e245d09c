import assert from "node:assert/strict";
import { test } from "node:test";
import { csvCell, csvOf } from "./csv.js";

test("cells a spreadsheet would run as formulas are escaped; quotes and commas are quoted", () => {
  assert.equal(csvCell("=HYPERLINK(\"http://x\")"), `"'=HYPERLINK(""http://x"")"`);
  for (const lead of ["+", "-", "@", "\t", "\r"]) assert.ok(csvCell(`${lead}1`).replace(/^"/, "").startsWith("'"), JSON.stringify(lead));
  assert.equal(csvCell("a,b"), '"a,b"');
  assert.equal(csvCell(null), "");
  assert.equal(csvCell(12), "12");
  assert.equal(csvOf(["a", "b"], [["x", true]]), "a,b\r\nx,true\r\n");
});
