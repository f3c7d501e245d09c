/**
 * The query checks in a process of its own, so that the test can give it a time zone other
 * than UTC (chDB takes the process's zone). Its settings are one JSON argument: rowsFile, day,
 * pgUrl, pgSchema, chdbPath.
 */
import { readFile } from "node:fs/promises";
import pg from "pg";
import { applyMigrations } from "../../../migrations/apply.js";
import type { IndexerRows } from "../../../test/_setup/indexer-shaped-tables.js";
import { PostgresFactSource } from "../../sink/postgres-source.js";
import { AnalyticsSink } from "../../sink/sink.js";
import { ChdbStore } from "../../store/chdb-store.js";
import { checkQueries } from "./check-queries.js";

const args = JSON.parse(process.argv[2]!) as { rowsFile: string; day: number; pgUrl: string; pgSchema: string; chdbPath: string };
const rows = JSON.parse(await readFile(args.rowsFile, "utf8")) as IndexerRows;
const store = await ChdbStore.open(args.chdbPath, "analytics");
const pool = new pg.Pool({ connectionString: args.pgUrl, max: 2 });
try {
  await applyMigrations({ analytics: store });
  await new AnalyticsSink({ store, source: new PostgresFactSource(pool, args.pgSchema), chunkBlocks: 20n }).syncOnce();
  const [zone] = await store.query<{ tz: string }>("SELECT timezone() AS tz");
  await checkQueries(store, rows, args.day);
  process.stdout.write(`checked in ${zone!.tz}\n`);
} finally {
  await store.close();
  await pool.end();
}
