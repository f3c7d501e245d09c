import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { after, before, describe, test } from "node:test";
import { Registry } from "prom-client";
import { applyMigrations } from "../../migrations/apply.js";
import { assertSinkExact, tempChdb, tempPostgres, tempServerDatabase } from "../../test/_setup/analytics.js";
import { createIndexerShapedTables, indexerRowsOfSimulation, insertIndexerRows, type IndexerRows } from "../../test/_setup/indexer-shaped-tables.js";
import { startSimulatedDevnet } from "../../test/_setup/simulated-devnet.js";
import { ChdbStore } from "../store/chdb-store.js";
import { FACT_NAMES } from "./facts.js";
import { PonderBookkeeping } from "../../test/_setup/ponder-bookkeeping.js";
import { PostgresFactSource, SOURCE_TABLES } from "./postgres-source.js";
import { AnalyticsSink } from "./sink.js";

const SCHEMA = "ponder_hub";

let rows: IndexerRows;
let pgDb: Awaited<ReturnType<typeof tempPostgres>>;

async function freshSchema(name: string): Promise<PostgresFactSource> {
  await createIndexerShapedTables(pgDb.pool, name);
  await insertIndexerRows(pgDb.pool, name, rows);
  return new PostgresFactSource(pgDb.pool, name);
}

describe("analytics sink (chDB) over the small simulation", () => {
  before(async () => {
    const sim = await startSimulatedDevnet({ seed: "5", scale: "small" });
    try {
      rows = await indexerRowsOfSimulation(sim);
    } finally {
      await sim.stop();
    }
    pgDb = await tempPostgres();
  });
  after(async () => {
    await pgDb?.cleanup();
  });

  test("reconciliation: every fact table equals the Postgres rows one to one; a second round writes nothing", async () => {
    const source = await freshSchema(SCHEMA);
    const { store, cleanup } = await tempChdb();
    try {
      await applyMigrations({ analytics: store });
      const registry = new Registry();
      const sink = new AnalyticsSink({ store, source, registry, chunkBlocks: 25n });
      const first = await sink.syncOnce();
      assert.ok(first.inserted > 500, `inserted ${first.inserted}`);
      const report = await assertSinkExact(store, source);
      for (const r of report) assert.ok(r.canonical > 0 || r.fact === "vote", `${r.fact} has rows`);
      console.log(report.map((r) => `${r.fact}=${r.live}`).join(" "));
      const second = await sink.syncOnce();
      assert.equal(second.inserted + second.tombstoned, 0);
      const lag = sink.lag();
      assert.equal(lag.blocks, 0n);
      assert.ok(lag.headBlock > 0n);
      const metrics = await registry.getSingleMetricAsString("analytics_sink_lag_blocks");
      assert.match(metrics, /analytics_sink_lag_blocks 0/);
    } finally {
      await cleanup();
    }
  });

  test("upgrade: a store synced before migration 4 gets the minute and supply rollups backfilled, exact", async () => {
    const source = await freshSchema("ponder_upgrade");
    const { store, cleanup } = await tempChdb();
    try {
      await applyMigrations({ analytics: store });
      await new AnalyticsSink({ store, source, chunkBlocks: 20n }).syncOnce();
      // back to the state an older build left: no 0004 tables, no ledger row for it
      await store.command("DROP TABLE rollup_model_minute");
      await store.command("DROP TABLE rollup_supply_block");
      await store.command("ALTER TABLE schema_migrations DELETE WHERE version = 4 SETTINGS mutations_sync = 1");
      const upgrade = await applyMigrations({ analytics: store });
      assert.deepEqual(upgrade[0]!.applied.map((m) => m.version), [4]);
      const [minutes] = await store.query<{ n: string }>("SELECT count() AS n FROM rollup_model_minute");
      assert.ok(Number(minutes!.n) > 0, "minute rollup backfilled");
      await assertSinkExact(store, source);
    } finally {
      await cleanup();
    }
  });

  test("reorg window: rows removed, moved to other blocks and added in the last blocks end exact", async () => {
    const schema = "ponder_reorg";
    const source = await freshSchema(schema);
    const { store, cleanup } = await tempChdb();
    try {
      await applyMigrations({ analytics: store });
      const sink = new AnalyticsSink({ store, source, reorgWindowBlocks: 20n, chunkBlocks: 7n });
      await sink.syncOnce();
      const head = (await source.head()).block;
      const p = pgDb.pool;
      for (const depth of [3n, 8n, 15n]) {
        // what a reorg of `depth` blocks does to the indexer's tables: orphaned rows vanish, some
        // of their transactions are re-mined in later blocks (same id, new block and time), new ones appear
        const cut = (head - depth).toString();
        for (const t of ["inference", "attribution_share", "reward", "contribution_status_change", "token_transfer"]) {
          await p.query(`DELETE FROM "${schema}".${t} WHERE block_number > $1 AND (log_index % 3) = 0`, [cut]);
          await p.query(`UPDATE "${schema}".${t} SET block_number = block_number + 1, block_timestamp = block_timestamp + 13 WHERE block_number > $1 AND (log_index % 3) = 1`, [cut]);
        }
        await p.query(
          `INSERT INTO "${schema}".token_transfer (id, "from", "to", value, chain_id, block_number, block_timestamp, transaction_hash, log_index)
           SELECT id || '-reorg${depth}', "from", "to", value + 1, chain_id, block_number, block_timestamp, transaction_hash || 'r', log_index FROM "${schema}".token_transfer WHERE block_number > $1`,
          [cut],
        );
        await sink.syncOnce();
        await assertSinkExact(store, source);
      }
      // the chain got shorter than what was synced: facts above the new head are tombstoned
      for (const t of ["inference", "attribution_share", "reward", "contribution", "contribution_status_change", "vote", "token_transfer"]) {
        await p.query(`DELETE FROM "${schema}".${t} WHERE block_number > $1`, [(head - 5n).toString()]);
      }
      await sink.syncOnce();
      await assertSinkExact(store, source);
    } finally {
      await cleanup();
    }
  });

  test("following: at rest only the change check runs; a new block is read alone; a same-height reorg re-syncs; exact", async () => {
    const schema = "ponder_follow";
    await createIndexerShapedTables(pgDb.pool, schema);
    await insertIndexerRows(pgDb.pool, schema, rows);
    const ponder = new PonderBookkeeping(pgDb.pool, schema, SOURCE_TABLES);
    await ponder.create();
    const source = new PostgresFactSource(pgDb.pool, schema);
    const { store, cleanup } = await tempChdb();
    try {
      await applyMigrations({ analytics: store });
      const head = await source.head();
      await ponder.commitBlock(head.block, head.timestamp, []);
      const sink = new AnalyticsSink({ store, source, chunkBlocks: 50n });
      const first = await sink.pollOnce();
      assert.ok(first && first.rowsRead > 500, "the first poll after a start re-syncs");
      const synced = sink.activitySnapshot();
      for (let i = 0; i < 4; i++) assert.equal(await sink.pollOnce(), undefined);
      const rest = sink.activitySnapshot();
      assert.equal(rest.polls, synced.polls + 4);
      assert.equal(rest.works, synced.works, "no rounds at rest");
      assert.equal(rest.rowsReadTotal, synced.rowsReadTotal, "no rows read at rest");
      assert.equal(rest.mode, "idle");

      // one new block with one transfer: read alone
      const next = head.block + 1n;
      const transfer = async (id: string) => {
        await pgDb.pool.query(
          `INSERT INTO "${schema}".token_transfer (id, "from", "to", value, chain_id, block_number, block_timestamp, transaction_hash, log_index)
           SELECT $1, "from", "to", value + 1, chain_id, $2, $3, transaction_hash || $1, log_index FROM "${schema}".token_transfer LIMIT 1`,
          [id, next.toString(), head.timestamp + 2],
        );
        await ponder.commitBlock(next, head.timestamp + 2, [{ table: "token_transfer", id }]);
      };
      await transfer("new-a");
      const added = await sink.pollOnce();
      assert.equal(added?.from, next);
      assert.equal(added?.rowsRead, 1, "the new block's one row, nothing else");
      await assertSinkExact(store, source);

      // the block replaced by another at the same height (same head checkpoint)
      await ponder.revertAbove(head.block, head.timestamp);
      await pgDb.pool.query(`DELETE FROM "${schema}".token_transfer WHERE id = 'new-a'`);
      await transfer("new-b");
      await sink.pollOnce();
      const after = sink.activitySnapshot();
      assert.equal(after.lastWork?.kind, "resync");
      assert.equal(after.resyncs, rest.resyncs + 1);
      await assertSinkExact(store, source);
    } finally {
      await cleanup();
    }
  });

  test("SIGKILL: a sink process killed mid-sync, restarted, ends exact", async () => {
    const schema = "ponder_kill";
    const source = await freshSchema(schema);
    const chdb = await tempChdb();
    await applyMigrations({ analytics: chdb.store });
    await chdb.store.close();
    try {
      let kills = 0;
      for (const delayMs of [900, 1500, 2200, 3000]) {
        const child = spawn(process.execPath, ["--import", "tsx", new URL("./_test/sink-child.ts", import.meta.url).pathname, JSON.stringify({ chdbPath: chdb.path, pgUrl: pgDb.url, pgSchema: schema, chunk: "3" })], {
          stdio: ["ignore", "pipe", "inherit"],
        });
        let out = "";
        child.stdout.on("data", (d) => (out += d));
        const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
        const timer = setTimeout(() => child.kill("SIGKILL"), delayMs);
        const code = await exited;
        clearTimeout(timer);
        if (code === null) kills++;
        if (out.includes("done")) break;
      }
      assert.ok(kills >= 1, "at least one run was killed mid-sync");
      const store = await ChdbStore.open(chdb.path, "analytics");
      try {
        const sink = new AnalyticsSink({ store, source, chunkBlocks: 10n });
        await sink.syncOnce();
        await assertSinkExact(store, source);
      } finally {
        await store.close();
      }
    } finally {
      await chdb.cleanup();
    }
  });

  test("server path (ClickHouse 18.16 here): migrations DDL, sink inserts, FINAL read, reorg, exact", async (t) => {
    const db = await tempServerDatabase();
    if ("skip" in db) return t.skip(db.skip);
    const schema = "ponder_server";
    const source = await freshSchema(schema);
    try {
      await applyMigrations({ analytics: db.store });
      const sink = new AnalyticsSink({ store: db.store, source, chunkBlocks: 30n, reorgWindowBlocks: 20n });
      await sink.syncOnce();
      await assertSinkExact(db.store, source);
      const head = (await source.head()).block;
      await pgDb.pool.query(`DELETE FROM "${schema}".reward WHERE block_number > $1`, [(head - 4n).toString()]);
      await pgDb.pool.query(`UPDATE "${schema}".inference SET block_number = block_number + 1, block_timestamp = block_timestamp + 12 WHERE block_number > $1`, [(head - 4n).toString()]);
      await sink.syncOnce();
      await assertSinkExact(db.store, source);
      assert.equal(FACT_NAMES.length, 7);
    } finally {
      await db.cleanup();
    }
  });
});
