/**
 * The streamed renderers give the bytes of the whole-document ones: canonical JSON in pieces
 * equals `canonicalize` (key order, escapes, numbers, undefined members, large arrays), and the
 * zip written entry by entry equals one `zipSync` over the same files.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import canonicalize from "canonicalize";
import { strToU8, unzipSync, zipSync, type Zippable } from "fflate";
import { canonicalJsonChunks } from "./canonical-chunks.js";
import { zipChunks, type ZipEntry } from "./csv.js";

const joined = (value: unknown, size?: number) => [...canonicalJsonChunks(value, size)].join("");

test("canonical JSON in pieces is canonicalize's text, whatever the piece size", () => {
  const rows = Array.from({ length: 300 }, (_, i) => ({ z: i, a: `row ${i} "quoted" \u00e9\u2028`, m: i % 3 === 0 ? undefined : [i, null, 1.5e-7], nested: { b: [1, 2], a: { y: true } } }));
  const value = {
    zeta: rows,
    alpha: { "\u00e9": 1, e: 2, E: 3, "10": 4, "9": 5, "": 6 },
    proofs: [{ leaves: rows.slice(0, 40), root: "0x01" }, { leaves: [], root: "0x02" }],
    holes: [undefined, 1, { skip: undefined, keep: null }],
    numbers: [0, -0, 1e21, 123456789.125, -5],
    empty: { list: [], map: {} },
  };
  const expected = canonicalize(value)!;
  for (const size of [1, 7, 100, 64 * 1024]) assert.equal(joined(value, size), expected, `pieces of ${size}`);
  assert.ok([...canonicalJsonChunks(value, 100)].length > 10, "large values come out in several pieces");
  assert.equal(joined([1, "a"]), "[1,\"a\"]");
  assert.equal(joined("top"), "\"top\"");
  assert.throws(() => joined({ bad: "\ud800" }), /Lone surrogate/);
  assert.throws(() => joined({ bad: Number.NaN }), /NaN/);
});

test("the zip written entry by entry is byte for byte one zipSync over the files", () => {
  const mtime = new Date(1_767_225_600 * 1000);
  const big = strToU8("a,b\r\n".repeat(50_000) + Array.from({ length: 5_000 }, (_, i) => `${i},${(i * 7919) % 104729}`).join("\r\n"));
  const entries: ZipEntry[] = [
    { name: "generalInformation.csv", file: [strToU8("field,value\r\nname,m\r\n"), { mtime, level: 6 }] },
    { name: "facts.csv", file: [big, { mtime, level: 6 }] },
    { name: "sp\u00e9cial.csv", file: [strToU8("x\r\n"), { mtime, level: 6 }] },
    { name: "manifest.json", file: [strToU8("{\"a\":1}"), { mtime }] },
    { name: "report.json", file: [strToU8("{}"), { mtime, level: 6 }] },
  ];
  const whole: Zippable = {};
  for (const e of entries) whole[e.name] = e.file;
  const expected = zipSync(whole, { mtime });
  const streamed = new Uint8Array(Buffer.concat([...zipChunks(entries, { mtime })]));
  assert.deepEqual(streamed, expected);
  assert.deepEqual(Object.keys(unzipSync(streamed)), entries.map((e) => e.name));
});
