import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import pg from "pg";
import type { AnalyticsStore } from "../analytics/store/store.js";
import { tempChdb, tempPostgres, tempServerDatabase } from "../test/_setup/analytics.js";
import { CLICKHOUSE_MIGRATIONS_DIR, applyMigrations } from "./apply.js";
import { loadMigrations, runMigrations, splitStatements, type MigrationError } from "./runner.js";
import { ClickHouseMigrationTarget } from "./targets/clickhouse.js";
import { PostgresMigrationTarget } from "./targets/postgres.js";

const migrations = loadMigrations(CLICKHOUSE_MIGRATIONS_DIR);
const newest = migrations.at(-1)!.version;

async function tables(store: AnalyticsStore): Promise<string[]> {
  const rows = await store.query<{ name: string }>("SELECT name FROM system.tables WHERE database = {db:String} ORDER BY name", { db: store.database });
  return rows.map((r) => r.name);
}

async function ledger(store: AnalyticsStore): Promise<number[]> {
  return (await new ClickHouseMigrationTarget(store).applied()).map((m) => m.version);
}

/** The same checks on any ClickHouse engine. */
async function clickhouseMigrationChecks(open: () => Promise<AnalyticsStore>, fresh: () => Promise<{ store: AnalyticsStore; cleanup(): Promise<void> }>) {
  // from empty, then twice in a row
  {
    const { store, cleanup } = await fresh();
    try {
      const first = await runMigrations(new ClickHouseMigrationTarget(store), migrations);
      assert.deepEqual(first.applied.map((m) => m.version), migrations.map((m) => m.version));
      const expected = await tables(store);
      for (const t of ["fact_inference", "fact_reward", "rollup_model_hour", "sink_checkpoint", "schema_migrations"]) assert.ok(expected.includes(t), t);
      assert.ok(!expected.includes("schema_migrations_lock"), "lock released");
      const second = await runMigrations(new ClickHouseMigrationTarget(store), migrations);
      assert.deepEqual(second.applied, []);
      assert.equal(second.current, newest);
      assert.deepEqual(await ledger(store), migrations.map((m) => m.version));
    } finally {
      await cleanup();
    }
  }
  // from each earlier version
  for (let upTo = 1; upTo < newest; upTo++) {
    const { store, cleanup } = await fresh();
    try {
      await runMigrations(new ClickHouseMigrationTarget(store), migrations, { upTo });
      assert.deepEqual(await ledger(store), migrations.filter((m) => m.version <= upTo).map((m) => m.version));
      const rest = await runMigrations(new ClickHouseMigrationTarget(store), migrations);
      assert.deepEqual(rest.applied.map((m) => m.version), migrations.filter((m) => m.version > upTo).map((m) => m.version));
      assert.deepEqual(await ledger(store), migrations.map((m) => m.version));
    } finally {
      await cleanup();
    }
  }
  // two runners at once (two connections where the engine allows it)
  {
    const { store, cleanup } = await fresh();
    try {
      const other = await open().catch(() => store);
      const [a, b] = await Promise.all([
        runMigrations(new ClickHouseMigrationTarget(store), migrations),
        runMigrations(new ClickHouseMigrationTarget(other), migrations),
      ]);
      assert.equal(a.applied.length + b.applied.length, migrations.length, "each migration applied exactly once");
      assert.deepEqual(await ledger(store), migrations.map((m) => m.version));
      const rows = await store.query<{ n: number }>("SELECT count() AS n FROM schema_migrations FINAL");
      assert.equal(Number(rows[0]!.n), migrations.length);
    } finally {
      await cleanup();
    }
  }
  // a schema newer than this build is refused, with a stable code
  {
    const { store, cleanup } = await fresh();
    try {
      await runMigrations(new ClickHouseMigrationTarget(store), migrations);
      await store.insert("schema_migrations", [{ version: newest + 1, name: "from_the_future", checksum: "x", applied_at: 0, ver: 1 }]);
      await assert.rejects(runMigrations(new ClickHouseMigrationTarget(store), migrations), (e: MigrationError) => e.code === "MIGRATIONS_SCHEMA_NEWER");
    } finally {
      await cleanup();
    }
  }
}

describe("migrations on chDB", () => {
  test("from empty, from each earlier version, twice, two runners at once, newer refused", async () => {
    let current: Awaited<ReturnType<typeof tempChdb>> | undefined;
    await clickhouseMigrationChecks(
      async () => { throw new Error("a chDB folder belongs to one process"); },
      async () => (current = await tempChdb()),
    );
  });

  test("applyMigrations() is what the hub calls", async () => {
    const { store, cleanup } = await tempChdb();
    try {
      const [report] = await applyMigrations({ analytics: store });
      assert.equal(report!.current, newest);
      const [again] = await applyMigrations({ analytics: store });
      assert.deepEqual(again!.applied, []);
    } finally {
      await cleanup();
    }
  });
});

describe("migrations on the ClickHouse server (18.16 here)", () => {
  test("from empty, from each earlier version, twice, two runners at once, newer refused", async (t) => {
    const probe = await tempServerDatabase();
    if ("skip" in probe) return t.skip(probe.skip);
    await probe.cleanup();
    let last: Exclude<Awaited<ReturnType<typeof tempServerDatabase>>, { skip: string }> | undefined;
    await clickhouseMigrationChecks(
      async () => last!.open(),
      async () => {
        const db = await tempServerDatabase();
        if ("skip" in db) throw new Error(db.skip);
        last = db;
        return db;
      },
    );
  });
});

describe("migrations on Postgres", () => {
  test("from empty, twice, two runners at once, edited and newer refused", async () => {
    const dir = await mkdtemp(join(tmpdir(), "ph-pg-migrations-"));
    const { url, cleanup } = await tempPostgres();
    const clients: pg.Client[] = [];
    const connect = async () => { const c = new pg.Client({ connectionString: url }); await c.connect(); clients.push(c); return c; };
    try {
      await writeFile(join(dir, "0001_verdicts.sql"), "CREATE TABLE verdict (id text PRIMARY KEY, status text NOT NULL);\n-- a comment\nCREATE INDEX verdict_status ON verdict (status);\n");
      await writeFile(join(dir, "0002_runtime.sql"), "ALTER TABLE verdict ADD COLUMN runtime_ms integer;\n");
      const list = loadMigrations(dir);
      const [a, b] = await Promise.all([
        runMigrations(new PostgresMigrationTarget(await connect(), "replay"), list),
        runMigrations(new PostgresMigrationTarget(await connect(), "replay"), list),
      ]);
      assert.equal(a.applied.length + b.applied.length, 2, "each applied once under the advisory lock");
      const again = await runMigrations(new PostgresMigrationTarget(await connect(), "replay"), list);
      assert.deepEqual(again.applied, []);
      const c = await connect();
      const cols = await c.query("SELECT column_name FROM information_schema.columns WHERE table_schema = 'replay' AND table_name = 'verdict' ORDER BY column_name");
      assert.deepEqual(cols.rows.map((r) => r.column_name), ["id", "runtime_ms", "status"]);
      await writeFile(join(dir, "0002_runtime.sql"), "ALTER TABLE verdict ADD COLUMN runtime_ms bigint;\n");
      await assert.rejects(runMigrations(new PostgresMigrationTarget(c, "replay"), loadMigrations(dir)), (e: MigrationError) => e.code === "MIGRATIONS_CHECKSUM_MISMATCH");
      await assert.rejects(runMigrations(new PostgresMigrationTarget(c, "replay"), list.slice(0, 1)), (e: MigrationError) => e.code === "MIGRATIONS_SCHEMA_NEWER");
      // a failing migration rolls back and leaves the ledger where it was
      await writeFile(join(dir, "0003_broken.sql"), "CREATE TABLE ok_table (id int);\nSELECT no_such_column FROM verdict;\n");
      await assert.rejects(runMigrations(new PostgresMigrationTarget(c, "replay"), [...list, ...loadMigrations(dir).slice(2)]), (e: MigrationError) => e.code === "MIGRATIONS_FAILED");
      const tablesLeft = await c.query("SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'replay' AND table_name = 'ok_table'");
      assert.equal(tablesLeft.rows[0].n, 0);
    } finally {
      for (const c of clients) await c.end();
      await cleanup();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

test("splitStatements keeps multi-line statements and drops comments", () => {
  assert.deepEqual(splitStatements("-- x\nCREATE TABLE a (\n  id int\n);\nSELECT 1;\n"), ["CREATE TABLE a (\n  id int\n)", "SELECT 1"]);
});
