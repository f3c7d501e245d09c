import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { applyMigrations } from "../../migrations/apply.js";
import { tempChdb, tempPostgres, tempServerDatabase } from "../../test/_setup/analytics.js";
import { createIndexerShapedTables, indexerRowsOfSimulation, insertIndexerRows, type IndexerRows } from "../../test/_setup/indexer-shaped-tables.js";
import { startSimulatedDevnet } from "../../test/_setup/simulated-devnet.js";
import { PostgresFactSource } from "../sink/postgres-source.js";
import { AnalyticsSink } from "../sink/sink.js";
import { checkQueries, nextDayCopy } from "./_test/check-queries.js";
import { gini } from "./index.js";
import { childEnvironment } from "../../core/config/index.js";

let rows: IndexerRows;
let pgDb: Awaited<ReturnType<typeof tempPostgres>>;
let source: PostgresFactSource;
let day: number;

describe("analytics queries over the small simulation", () => {
  before(async () => {
    const sim = await startSimulatedDevnet({ seed: "7", scale: "small" });
    try {
      rows = await indexerRowsOfSimulation(sim);
    } finally {
      await sim.stop();
    }
    day = Math.floor(Number(rows.inference[0]!.block_timestamp) / 86400) * 86400;
    pgDb = await tempPostgres();
    await createIndexerShapedTables(pgDb.pool, "ponder_q");
    // The chain's rows and a copy a day and an hour later (see nextDayCopy).
    await insertIndexerRows(pgDb.pool, "ponder_q", rows);
    await insertIndexerRows(pgDb.pool, "ponder_q", nextDayCopy(rows));
    source = new PostgresFactSource(pgDb.pool, "ponder_q");
  });
  after(async () => pgDb?.cleanup());

  test("on chDB: every query equals the answer from the Postgres rows", async () => {
    const { store, cleanup } = await tempChdb();
    try {
      await applyMigrations({ analytics: store });
      await new AnalyticsSink({ store, source, chunkBlocks: 20n }).syncOnce();
      const r = await checkQueries(store, rows, day);
      console.log(`models=${new Set(r.hourly.map((h) => h.modelId)).size} top=${r.top.length} concentration=${JSON.stringify(r.conc[0])} proposals=${r.turnout.length}`);
    } finally {
      await cleanup();
    }
  });

  test("in a process whose time zone is not UTC: the same answers (day buckets stay UTC days)", async () => {
    const dir = await mkdtemp(join(tmpdir(), "ph-zone-"));
    try {
      await writeFile(join(dir, "rows.json"), JSON.stringify(rows));
      const child = spawn(process.execPath, ["--import", "tsx", new URL("./_test/zone-child.ts", import.meta.url).pathname, JSON.stringify({ rowsFile: join(dir, "rows.json"), day, pgUrl: pgDb.url, pgSchema: "ponder_q", chdbPath: join(dir, "chdb") })], {
        env: childEnvironment({ TZ: "America/New_York" }),
        stdio: ["ignore", "pipe", "pipe"],
      });
      let out = "";
      child.stdout.on("data", (d) => (out += d));
      child.stderr.on("data", (d) => (out += d));
      const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
      assert.equal(code, 0, out);
      assert.match(out, /checked in America\/New_York/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test("on the ClickHouse server (18.16 here): the same queries, the same answers", async (t) => {
    const db = await tempServerDatabase();
    if ("skip" in db) return t.skip(db.skip);
    try {
      await applyMigrations({ analytics: db.store });
      await new AnalyticsSink({ store: db.store, source, chunkBlocks: 20n }).syncOnce();
      await checkQueries(db.store, rows, day);
    } finally {
      await db.cleanup();
    }
  });
});

test("gini reference", () => {
  assert.equal(gini([1, 1, 1, 1]), 0);
  assert.ok(Math.abs(gini([0, 0, 0, 1]) - 0.75) < 1e-12);
  assert.equal(gini([]), 0);
});
