import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readdir, rm, writeFile, mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { openDurablePglite, preparePgliteFolder } from "./durable-pglite.js";

test("a folder killed while initialising (SIGKILL at random moments) opens on the next start", { timeout: 120_000 }, async () => {
  const root = await mkdtemp(join(tmpdir(), "durable-pglite-"));
  try {
    const script = `import { openDurablePglite } from "./hub/shared/durable-pglite.ts"; const { db } = await openDurablePglite(process.argv[1]); await db.exec("CREATE TABLE IF NOT EXISTS t (v int)"); for (;;) await db.query("INSERT INTO t VALUES (1)");`;
    for (let i = 0; i < 5; i++) {
      const dir = join(root, `db${i}`);
      const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script, dir], { stdio: "ignore" });
      // From under a second (mid-initdb) to a few seconds (writing): each kill lands somewhere else.
      await sleep(700 + i * 300);
      child.kill("SIGKILL");
      await new Promise((r) => child.once("exit", r));
      const { db, recovery } = await openDurablePglite(dir);
      assert.notEqual(recovery.outcome, "rebuilt", `kill ${i}: ${recovery.reason}`);
      assert.equal((await db.query<{ x: number }>("SELECT 1 AS x")).rows[0]!.x, 1);
      await db.close();
      assert.deepEqual((await readdir(root)).filter((e) => e.includes(".init-")), [], "no half-initialised folder is left");
    }
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});

test("a folder that will not open is set aside and rebuilt empty, and says so", { timeout: 60_000 }, async () => {
  const root = await mkdtemp(join(tmpdir(), "durable-pglite-"));
  try {
    const dir = join(root, "broken");
    await mkdir(join(dir, "base"), { recursive: true });
    await writeFile(join(dir, "PG_VERSION"), "16\n");
    const recovery = await preparePgliteFolder(dir);
    assert.equal(recovery.outcome, "rebuilt");
    assert.ok(recovery.reason && recovery.reason.length > 0);
    assert.equal(recovery.setAsideTo, `${dir}.unreadable`);
    assert.ok(existsSync(join(`${dir}.unreadable`, "PG_VERSION")));
    assert.equal((await preparePgliteFolder(dir)).outcome, "opened");
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});
