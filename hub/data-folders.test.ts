import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { tidyDataFolders } from "./data-folders.js";

test("folders of the same deployment are resumed, those of any other removed, and both are reported", async () => {
  const dir = await mkdtemp(join(tmpdir(), "data-folders-"));
  try {
    for (const f of ["ponder/aaa", "ponder/bbb", "chdb/aaa", "chdb/bbb", "hub-db/bbb", "hub-db/bbb.unreadable", "artifacts/x"]) await mkdir(join(dir, f), { recursive: true });
    await writeFile(join(dir, "ponder", "aaa.log"), "old");
    await writeFile(join(dir, "ponder", "bbb.log"), "current");
    const report = await tidyDataFolders(dir, "bbb");
    assert.deepEqual(report.resumed.sort(), [join(dir, "chdb/bbb"), join(dir, "hub-db/bbb"), join(dir, "ponder/bbb")].sort());
    assert.deepEqual(report.removed.sort(), [join(dir, "chdb/aaa"), join(dir, "ponder/aaa"), join(dir, "ponder/aaa.log")].sort());
    assert.ok(existsSync(join(dir, "ponder", "bbb.log")) && existsSync(join(dir, "hub-db", "bbb.unreadable")) && existsSync(join(dir, "artifacts", "x")));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
