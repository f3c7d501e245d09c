import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { Registry } from "prom-client";
import { tempPostgres } from "../../test/_setup/analytics.js";
import { createIndexerShapedTables, insertIndexerRows, emptyIndexerRows } from "../../test/_setup/indexer-shaped-tables.js";
import { readRecordedLag } from "../../analytics/sink/checkpoint.js";
import { startAnalytics } from "./start-analytics.js";
import { CLICKHOUSE_MIGRATIONS_DIR } from "../../migrations/apply.js";
import { loadMigrations } from "../../migrations/runner.js";

test("startAnalytics applies migrations, follows the source and reports lag", async () => {
  const pgDb = await tempPostgres();
  const dir = await mkdtemp(join(tmpdir(), "ph-analytics-start-"));
  try {
    await createIndexerShapedTables(pgDb.pool, "hub");
    const rows = emptyIndexerRows();
    const ev = { chain_id: 31337, block_timestamp: "1767225612", transaction_hash: "0xaa", log_index: 0 };
    rows.token_transfer.push({ id: "31337-0xaa-0", from: "0x0000000000000000000000000000000000000000", to: "0xbb", value: "1000000000000000000000", block_number: "5", ...ev });
    await insertIndexerRows(pgDb.pool, "hub", rows);
    const analytics = await startAnalytics({ pool: pgDb.pool, schema: "hub", config: { engine: "chdb", path: dir, database: "analytics" }, pollMs: 50, registry: new Registry() });
    try {
      assert.equal(analytics.migrations[0]!.current, loadMigrations(CLICKHOUSE_MIGRATIONS_DIR).at(-1)!.version, "every ClickHouse migration applied");
      for (let i = 0; i < 100 && analytics.lag().headBlock === 0n; i++) await new Promise((r) => setTimeout(r, 50));
      assert.equal(analytics.lag().headBlock, 5n);
      assert.equal(analytics.lag().blocks, 0n);
      const [row] = await analytics.store.query<{ n: number }>("SELECT count() AS n FROM (SELECT * FROM fact_token_transfer FINAL) WHERE deleted = 0");
      assert.equal(Number(row!.n), 1);
      assert.deepEqual(await readRecordedLag(analytics.store), { headBlock: 5n, syncedBlock: 5n, blocks: 0n, seconds: 0 });
    } finally {
      await analytics.stop();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
    await pgDb.cleanup();
  }
});
