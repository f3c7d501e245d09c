/**
 * The query checks in a process of its own, so that the test can give it a time zone other
 * than UTC (chDB takes the process's zone): ROWS_FILE, DAY, PG_URL, PG_SCHEMA, CHDB_PATH.
 */
import { readFile } from "node:fs/promises";
import pg from "pg";
import { applyMigrations } from "../../../migrations/apply.js";
import type { IndexerRows } from "../../../test/_setup/indexer-shaped-tables.js";
import { PostgresFactSource } from "../../sink/postgres-source.js";
import { AnalyticsSink } from "../../sink/sink.js";
import { ChdbStore } from "../../store/chdb-store.js";
import { checkQueries } from "./check-queries.js";

const rows = JSON.parse(await readFile(process.env.ROWS_FILE!, "utf8")) as IndexerRows;
const store = await ChdbStore.open(process.env.CHDB_PATH!, "analytics");
const pool = new pg.Pool({ connectionString: process.env.PG_URL!, max: 2 });
try {
  await applyMigrations({ analytics: store });
  await new AnalyticsSink({ store, source: new PostgresFactSource(pool, process.env.PG_SCHEMA!), chunkBlocks: 20n }).syncOnce();
  const [zone] = await store.query<{ tz: string }>("SELECT timezone() AS tz");
  await checkQueries(store, rows, Number(process.env.DAY));
  process.stdout.write(`checked in ${zone!.tz}\n`);
} finally {
  await store.close();
  await pool.end();
}
